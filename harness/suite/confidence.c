/* confidence.c - the confidence marker of a case (confidence.h); what it
 * makes of a failed case is dc_case_result_apply_confidence (report.h). */
#include "suite/confidence.h"

#include <stdlib.h>
#include <string.h>

#include "core/common.h"

static const struct {
    dc_confidence c;
    const char *name;
} s_confidences[] = {
    {DC_CONFIDENCE_CONFIRMED, "confirmed"},
    {DC_CONFIDENCE_DISPUTED, "disputed"},
    {DC_CONFIDENCE_INFERRED, "inferred"},
};

const char *dc_confidence_name(dc_confidence c)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_confidences); i++)
        if (s_confidences[i].c == c)
            return s_confidences[i].name;
    return "?";
}

int dc_confidence_from(const char *name, dc_confidence *out)
{
    for (size_t i = 0; name != NULL && i < DC_ARRAY_LEN(s_confidences); i++)
        if (strcmp(s_confidences[i].name, name) == 0) {
            *out = s_confidences[i].c;
            return 0;
        }
    return -1;
}
