/* javafmt.c - Java's Double.toString and ISO-8601 UTC seconds (javafmt.h). */
#include "core/javafmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void s_java_format(bool neg, bool plain, const char *digits, size_t nd, int exp10, char out[DC_JAVA_DOUBLE_MAX]);

void dc_java_double(double d, char out[DC_JAVA_DOUBLE_MAX])
{
    if (isnan(d)) {
        snprintf(out, DC_JAVA_DOUBLE_MAX, "NaN");
        return;
    }
    if (isinf(d)) {
        snprintf(out, DC_JAVA_DOUBLE_MAX, "%sInfinity", d < 0 ? "-" : "");
        return;
    }
    if (d == 0.0) {
        snprintf(out, DC_JAVA_DOUBLE_MAX, "%s0.0", signbit(d) ? "-" : "");
        return;
    }
    /* shortest %e form that reads back to d */
    char e[DC_JAVA_DOUBLE_MAX];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(e, sizeof e, "%.*e", prec, d);
        if (strtod(e, NULL) == d)
            break;
    }
    /* e = [-]D[.DDD]e[+-]XX -> digits and decimal exponent */
    const char *p = e;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    char digits[24];
    size_t nd = 0;
    for (; *p != 'e' && *p != '\0'; p++)
        if (*p >= '0' && *p <= '9' && nd < sizeof digits - 1)
            digits[nd++] = *p;
    digits[nd] = '\0';
    while (nd > 1 && digits[nd - 1] == '0')
        digits[--nd] = '\0';
    int exp10 = (*p == 'e') ? atoi(p + 1) : 0;
    double ad = fabs(d);
    s_java_format(neg, ad >= 1e-3 && ad < 1e7, digits, nd, exp10, out);
}

/* Java's layout of shortest digits (no trailing zeros) and their decimal
 * exponent: plain between 1e-3 and 1e7, else D.DDDE<exp>. */
static void s_java_format(bool neg, bool plain, const char *digits, size_t nd, int exp10, char out[DC_JAVA_DOUBLE_MAX])
{
    char *o = out;
    size_t cap = DC_JAVA_DOUBLE_MAX;
    size_t pos = 0;
#define S_PUT(ch)                                                                                                      \
    do {                                                                                                               \
        if (pos + 1 < cap)                                                                                             \
            o[pos++] = (ch);                                                                                           \
    } while (0)
    if (neg)
        S_PUT('-');
    if (plain) {
        if (exp10 >= 0) {
            for (int i = 0; i <= exp10; i++)
                S_PUT((size_t)i < nd ? digits[i] : '0');
            S_PUT('.');
            if ((size_t)exp10 + 1 < nd)
                for (size_t i = (size_t)exp10 + 1; i < nd; i++)
                    S_PUT(digits[i]);
            else
                S_PUT('0');
        } else {
            S_PUT('0');
            S_PUT('.');
            for (int i = 0; i < -exp10 - 1; i++)
                S_PUT('0');
            for (size_t i = 0; i < nd; i++)
                S_PUT(digits[i]);
        }
        o[pos] = '\0';
    } else {
        S_PUT(digits[0]);
        S_PUT('.');
        if (nd > 1)
            for (size_t i = 1; i < nd; i++)
                S_PUT(digits[i]);
        else
            S_PUT('0');
        o[pos] = '\0';
        snprintf(o + pos, cap - pos, "E%d", exp10);
    }
#undef S_PUT
}

/* Decimals of at most 15 significant digits survive the trip through a double
 * (DBL_DIG), so below 1e15 ms the shortest digits that read back to
 * ms / 1000.0 are ms's own, and the exponent is their count minus 4: the
 * text of dc_java_double without its snprintf/strtod search (every timestamp
 * of every description goes through here). */
#define S_JAVA_MS_FAST_MAX INT64_C(1000000000000000)

void dc_java_time_ms(int64_t ms, char out[DC_JAVA_DOUBLE_MAX])
{
    if (ms <= 0 || ms >= S_JAVA_MS_FAST_MAX) {
        dc_java_double((double)ms / 1000.0, out);
        return;
    }
    char digits[24];
    size_t nd = 0;
    for (int64_t v = ms; v > 0; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    int exp10 = (int)nd - 1 - 3;
    for (size_t i = 0; i < nd / 2; i++) {
        char c = digits[i];
        digits[i] = digits[nd - 1 - i];
        digits[nd - 1 - i] = c;
    }
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    /* 1 ms .. 9999999999 ms is exactly dc_java_double's plain range [1e-3, 1e7) */
    s_java_format(false, exp10 < 7, digits, nd, exp10, out);
}

void dc_iso_utc_seconds(int64_t ms, char out[DC_ISO_TIME_MAX])
{
    time_t secs = (time_t)(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(out, DC_ISO_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
