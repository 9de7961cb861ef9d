/* pace.h - serve at a pace profile's speed (`serve --pace aws[:SCALE]`,
 * spec/pace.h): the model's durations and table-operations limit from the
 * profile, and a token bucket per account and rate-limited operation, whose
 * empty bucket answers 400 ThrottlingException "Rate exceeded" ([S:rate-limits])
 * before the request is validated. */
#ifndef DC_ENDPOINT_PACE_H
#define DC_ENDPOINT_PACE_H

#include "endpoint/model.h"
#include "spec/pace.h"

/* The profile's durations (scaled) and limits into m. */
void dc_serve_pace_model(const dc_pace *p, dc_model_options *m);

typedef struct dc_serve_pace dc_serve_pace;

dc_serve_pace *dc_serve_pace_new(const dc_pace *p);
void dc_serve_pace_free(dc_serve_pace *sp);

/* NULL when account may call op now (a token taken), else the
 * spec/messages.json id of the refusal ("rate-exceeded"). Thread-safe. */
const char *dc_serve_pace_admit(dc_serve_pace *sp, const char *account, const char *op);

#endif
