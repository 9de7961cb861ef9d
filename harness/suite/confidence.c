/* confidence.c - the confidence marker of a case and the status of a failed
 * disputed or inferred case (confidence.h). */
#include "suite/confidence.h"

#include <stdlib.h>
#include <string.h>

#include "core/common.h"
#include "suite/report.h"

static const struct {
    dc_confidence c;
    const char *name;
    dc_case_status status; /* what a failure of such a case becomes */
} s_confidences[] = {
    {DC_CONFIDENCE_CONFIRMED, "confirmed", DC_CASE_FAILED},
    {DC_CONFIDENCE_DISPUTED, "disputed", DC_CASE_DISPUTED},
    {DC_CONFIDENCE_INFERRED, "inferred", DC_CASE_INFERRED},
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

/* A failure that says nothing about the service's answer. */
static bool s_only_answer_failures(const dc_case_result *c)
{
    for (size_t i = 0; i < c->nfailures; i++)
        if (strcmp(c->failures[i].kind, "case") == 0 || strcmp(c->failures[i].kind, "transport") == 0)
            return false;
    return c->nfailures > 0;
}

void dc_confidence_apply(dc_case_result *c, bool fail_disputed, bool fail_inferred)
{
    if (c->status != DC_CASE_FAILED || c->confidence == DC_CONFIDENCE_CONFIRMED || !s_only_answer_failures(c))
        return;
    if ((c->confidence == DC_CONFIDENCE_DISPUTED && fail_disputed) ||
        (c->confidence == DC_CONFIDENCE_INFERRED && fail_inferred))
        return;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_confidences); i++)
        if (s_confidences[i].c == c->confidence)
            c->status = s_confidences[i].status;
    dc_buf b;
    dc_buf_init(&b);
    dc_buf_printf(
        &b, "%s: ", c->confidence == DC_CONFIDENCE_DISPUTED ? "the sources disagree" : "the expectation is inferred");
    for (size_t i = 0; i < c->nsources; i++)
        dc_buf_printf(&b, "%s%s (%s)", i ? " vs " : "", c->sources[i].says, c->sources[i].source);
    if (c->nsources == 0)
        dc_buf_printf(&b, "see the source: %s", c->source ? c->source : "(none)");
    free(c->reason);
    c->reason = dc_buf_take(&b);
}
