#ifndef ISOFIND_CCAIRO_SHIM_H
#define ISOFIND_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/* Per-thread slots for objects tied to the thread's PangoCairo font map (which Pango keeps per
   thread): the measuring PangoContexts, one per report language. Never freed; a few per thread. */
static inline void **isofind_thread_slots(void) {
    static __thread void *slots[4];
    return slots;
}
#endif
