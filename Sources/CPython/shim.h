#ifndef ISOFIND_CPYTHON_SHIM_H
#define ISOFIND_CPYTHON_SHIM_H
// pyconfig.h defines _XOPEN_SOURCE and _POSIX_C_SOURCE. Were <Python.h> the first to include
// glibc's <features.h>, the C library's types (fd_set's member names, for one) would be declared
// here differently from Swift's Glibc module, and a clean build refuses the mismatch. Including
// the C library first fixes its feature set to the one Glibc uses; pyconfig.h's macros then only
// repeat what <features.h> has already decided.
#include <features.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/types.h>
#include <unistd.h>

#define PY_SSIZE_T_CLEAN
#include <Python.h>

// Python's exception types and None are C globals, which Swift 6 treats as shared mutable state;
// these accessors return them.
static inline PyObject *isofind_syntax_error_type(void) { return PyExc_SyntaxError; }
static inline PyObject *isofind_none(void) { return Py_None; }
#endif
