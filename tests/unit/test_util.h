/* test_util.h - what the unit tests share (cJSON has tests/common.h, s2n-tls
 * tests/testlib/): where the repository's data lives, and the committed spec
 * loaded once per cmocka group. Header-only: every test is one file. */
#ifndef DC_TEST_UTIL_H
#define DC_TEST_UTIL_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"
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

static inline int dc_test_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sources under ROOT/harness/<layer>/ as "harness/<layer>/<file>", in name
 * order: the .c files, and the .h files too when with_headers. Sets *n; the
 * caller frees each name and the array (the tests that read the whole tree:
 * message texts, wipe idioms). */
static inline char **dc_test_harness_files(const char *root, bool with_headers, size_t *n)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/harness", root);
    char **names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return NULL;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4352];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        DIR *ld = opendir(sub);
        if (ld == NULL)
            continue;
        for (struct dirent *f = readdir(ld); f != NULL; f = readdir(ld)) {
            size_t fl = strlen(f->d_name);
            if (fl < 3 || f->d_name[fl - 2] != '.' ||
                (f->d_name[fl - 1] != 'c' && !(with_headers && f->d_name[fl - 1] == 'h')))
                continue;
            dc_buf rel;
            dc_buf_init(&rel);
            dc_buf_printf(&rel, "harness/%s/%s", e->d_name, f->d_name);
            names = dc_xrealloc(names, (*n + 1) * sizeof *names);
            names[(*n)++] = dc_buf_take(&rel);
        }
        closedir(ld);
    }
    closedir(d);
    if (*n > 0)
        qsort(names, *n, sizeof *names, dc_test_name_cmp);
    return names;
}

#endif
