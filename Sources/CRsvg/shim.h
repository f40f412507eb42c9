#ifndef ISOFIND_CRSVG_SHIM_H
#define ISOFIND_CRSVG_SHIM_H
#include <librsvg/rsvg.h>
#endif
