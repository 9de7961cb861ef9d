/* javafmt.h - numbers and times as the service's Java stack prints them.
 *
 * DynamoDB writes timestamps as JSON numbers in Java's Double.toString
 * notation ([S:response-timestamps]: "CreationDateTime":1.562054355238E9) and quotes times
 * in some messages as ISO-8601 UTC whole seconds (InvalidRestoreTimeException,
 * [S:semantic-error-texts]). The reference endpoint and anything else that must print them
 * byte for byte use these. */
#ifndef DC_JAVAFMT_H
#define DC_JAVAFMT_H

#include <stdint.h>

/* Java's Double.toString notation: 1584532379.393 -> "1.584532379393E9",
 * 0.5 -> "0.5", 1e7 -> "1.0E7". Shortest digits that read back to the same
 * double. */
#define DC_JAVA_DOUBLE_MAX 40
void dc_java_double(double d, char out[DC_JAVA_DOUBLE_MAX]);
/* The same text as dc_java_double((double)ms / 1000.0) for an epoch-ms
 * timestamp, computed from ms's digits (no floating-point search). */
void dc_java_time_ms(int64_t ms, char out[DC_JAVA_DOUBLE_MAX]);

/* Epoch ms as ISO-8601 UTC whole seconds ("2026-10-06T23:16:32Z"). */
#define DC_ISO_TIME_MAX 32
void dc_iso_utc_seconds(int64_t ms, char out[DC_ISO_TIME_MAX]);

#endif
