/* shrink.h - a diverging sequence made minimal: delta debugging over the
 * steps (drop halves, quarters, ... then single steps) while a fresh replay
 * still diverges with the same key (explore/run.h), within a budget of
 * replays. A replay that diverges earlier with the same key cuts the
 * sequence there. */
#ifndef DC_EXPLORE_SHRINK_H
#define DC_EXPLORE_SHRINK_H

#include <stddef.h>

#include "explore/gen.h"
#include "explore/run.h"

/* steps/n in: the sequence up to and with its diverging step; out: the
 * shrunk one (steps kept in order, the array rewritten in place, *n set).
 * Returns the replays made. */
size_t dc_ex_shrink(const dc_ex_env *env, dc_ex_endpoint *ep, dc_ex_step *steps, size_t *n, const char *key,
                    size_t max_runs);

#endif
