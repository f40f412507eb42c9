#ifndef ISOFIND_CFCGI_SHIM_H
#define ISOFIND_CFCGI_SHIM_H
#include <fcgiapp.h>
#endif
