/* divergence.h - what a run reports when the endpoint and the model part
 * (explore/run.h makes it, explore/casefile.h and explore.c report it). */
#ifndef DC_EXPLORE_DIVERGENCE_H
#define DC_EXPLORE_DIVERGENCE_H

#include <stdbool.h>
#include <stddef.h>

#define DC_EX_DIV_TEXT 400

/* The first divergence of a run. */
typedef struct {
    size_t step; /* index in the sequence */
    char op[64];
    bool in_settle; /* in the describe call that settled the step */
    bool in_page;   /* in a later ListBackups page */
    /* the status, error or transport differ: the two states may have parted,
     * so the run cannot go on; a body difference alone leaves them in step */
    bool state_parted;
    char path[200];
    char expected[DC_EX_DIV_TEXT];
    char actual[DC_EX_DIV_TEXT];
    char key[DC_EX_DIV_TEXT];  /* what deduplicates: operation, path without indexes, error names */
    char also[DC_EX_DIV_TEXT]; /* the other paths that differ in the same answer */
} dc_ex_divergence;

#endif
