/* shrink.c - delta debugging of a diverging sequence (see shrink.h). */
#include "explore/shrink.h"

#include <stdlib.h>
#include <string.h>

/* Does steps without [from, from+len) still diverge with key? On yes the
 * array holds the candidate (cut after its diverging step) and *n its length. */
static bool s_try(const dc_ex_env *env, dc_ex_endpoint *ep, dc_ex_step *steps, size_t *n, size_t from, size_t len,
                  const char *key)
{
    size_t m = 0;
    dc_ex_step *cand = dc_xcalloc(*n, sizeof *cand);
    size_t *idx = dc_xcalloc(*n, sizeof *idx);
    for (size_t i = 0; i < *n; i++)
        if (i < from || i >= from + len) {
            idx[m] = i;
            cand[m++] = steps[i]; /* borrowed */
        }
    dc_ex_divergence d;
    bool yes = dc_ex_run_replay(env, ep, cand, m, key, &d, NULL) == 1;
    if (yes) {
        size_t keep = d.step + 1 < m ? d.step + 1 : m;
        bool *kept = dc_xcalloc(*n, sizeof *kept);
        for (size_t k = 0; k < keep; k++)
            kept[idx[k]] = true;
        for (size_t i = 0; i < *n; i++)
            if (!kept[i])
                dc_ex_step_free(&steps[i]);
        memcpy(steps, cand, keep * sizeof *cand);
        for (size_t i = keep; i < *n; i++)
            memset(&steps[i], 0, sizeof steps[i]);
        *n = keep;
        free(kept);
    }
    free(idx);
    free(cand);
    return yes;
}

size_t dc_ex_shrink(const dc_ex_env *env, dc_ex_endpoint *ep, dc_ex_step *steps, size_t *n, const char *key,
                    size_t max_runs)
{
    size_t runs = 0;
    for (size_t chunk = *n / 2; chunk >= 1 && runs<max_runs; chunk = chunk> 1 ? chunk / 2 : 0) {
        bool again = true;
        while (again && runs < max_runs) {
            again = false;
            /* the diverging step (the last) always stays */
            for (size_t from = 0; *n > 1 && from + chunk <= *n - 1 && runs < max_runs;) {
                runs++;
                if (s_try(env, ep, steps, n, from, chunk, key))
                    again = chunk == 1; /* single steps: one more pass after any success */
                else
                    from += chunk;
            }
        }
        if (chunk == 1)
            break;
    }
    return runs;
}
