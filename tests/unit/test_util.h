/* test_util.h - what the unit tests share (cJSON has tests/common.h, s2n-tls
 * tests/testlib/): where the repository's data lives, and the committed spec
 * loaded once per cmocka group. Header-only: every test is one file. */
#ifndef DC_TEST_UTIL_H
#define DC_TEST_UTIL_H

#include <stdio.h>

#include "core/datadir.h"
#include "core/json.h"
#include "spec/spec.h"

/* The folder holding spec/, cases/ and tests/data/: $DDBCONFORM_HOME, else
 * found from the test binary (<top>/build[/asan]/tests/test_x), as the
 * command finds its data. */
static inline const char *dc_test_home(void)
{
    return dc_data_dir();
}

/* The group's spec: one per test file (a static in each file that includes this). */
static inline dc_spec **dc_test_spec_slot(void)
{
    static dc_spec *spec;
    return &spec;
}

/* The committed spec while a group set up with dc_test_spec_setup runs. */
static inline const dc_spec *dc_test_spec(void)
{
    return *dc_test_spec_slot();
}

/* cmocka group set-up and tear-down: loads the committed spec for
 * dc_test_spec(). *state is left alone (cmocka would hand a group state to
 * every test in place of the test's own). */
static inline int dc_test_spec_setup(void **state)
{
    (void)state;
    dc_err err;
    if (dc_spec_load(dc_test_home(), dc_test_spec_slot(), &err) != 0) {
        fprintf(stderr, "spec (%s): %s\n", dc_test_home(), err.msg);
        return -1;
    }
    return 0;
}

static inline int dc_test_spec_teardown(void **state)
{
    (void)state;
    dc_spec_free(*dc_test_spec_slot());
    *dc_test_spec_slot() = NULL;
    return 0;
}

/* Loads <home>/rel (a committed JSON data file, at most 16 MiB); -1 with the cause on stderr. */
static inline int dc_test_load_json(const char *rel, dc_json_doc *doc)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dc_test_home(), rel);
    dc_err err;
    if (dc_json_load_file(path, NULL, 16u << 20, doc, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

#endif
