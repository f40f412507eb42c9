#ifndef ISOFIND_CPYTHON_SHIM_H
#define ISOFIND_CPYTHON_SHIM_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#endif
