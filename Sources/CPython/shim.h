#ifndef ISOFIND_CPYTHON_SHIM_H
#define ISOFIND_CPYTHON_SHIM_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>

// Python's exception types and None are C globals, which Swift 6 treats as shared mutable state;
// these accessors return them.
static inline PyObject *isofind_syntax_error_type(void) { return PyExc_SyntaxError; }
static inline PyObject *isofind_none(void) { return Py_None; }
#endif
