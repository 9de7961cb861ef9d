/* findclass.c - the names of the finding classes (findclass.h). */
#include "netfuzz/findclass.h"

static const char *const s_class_names[DC_FIND_COUNT] = {
    "transport",     "server-error",       "non-json",     "accepted-invalid", "rejected-valid",   "wrong-error",
    "wrong-message", "undocumented-error", "wrong-status", "bad-response",     "use-after-delete",
};

const char *dc_finding_class_name(dc_finding_class c)
{
    return (unsigned)c < DC_FIND_COUNT ? s_class_names[c] : "?";
}
