/*
 * json.h: a JSON value tree, built by code or parsed from text, and written
 * back out.
 *
 * Reports, session files, check details and every --json output go through
 * this one module, so escaping and number formatting are the same everywhere.
 * Ownership: a value owns its children; json_obj_set() and json_arr_push()
 * take ownership of the value they are given. json_free(NULL) is allowed.
 *
 * Strings in the tree are always valid UTF-8 without NUL: json_str_n()
 * replaces invalid bytes with U+FFFD. Objects keep keys in insertion order and
 * the parser rejects duplicate keys, so writing a parsed document gives the
 * same canonical text every time.
 */
#ifndef REENTRY_JSON_H
#define REENTRY_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_INT,
	JSON_REAL,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json;

struct json *json_null(void);
struct json *json_bool(int b);
struct json *json_int(int64_t i);
struct json *json_real(double d);
struct json *json_str(const char *s); /* s NULL gives null */
struct json *json_str_n(const char *s, size_t len);
struct json *json_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct json *json_array(void);
struct json *json_object(void);
void json_free(struct json *v);
struct json *json_copy(const struct json *v);

/* Appends v to array a; returns v. */
struct json *json_arr_push(struct json *a, struct json *v);
/* Sets key in object o (replacing an earlier value); returns v. */
struct json *json_obj_set(struct json *o, const char *key, struct json *v);

enum json_type json_type(const struct json *v);
int json_is(const struct json *v, enum json_type t);
/* Scalars; a wrong type gives the fallback. */
int json_get_bool(const struct json *v, int fallback);
int64_t json_get_int(const struct json *v, int64_t fallback);
double json_get_real(const struct json *v, double fallback);
/* NULL when v is not a string. Valid while v lives. */
const char *json_get_str(const struct json *v);
/* Array and object size; 0 for other types. */
size_t json_len(const struct json *v);
/* The i-th element of an array or value of an object. */
struct json *json_at(const struct json *v, size_t i);
/* The i-th key of an object. */
const char *json_key_at(const struct json *v, size_t i);
/* The value of key in object o, or NULL. */
struct json *json_get(const struct json *o, const char *key);
/* Removes key from o and returns its value (caller owns it), or NULL. */
struct json *json_obj_take(struct json *o, const char *key);

/* Flags for json_write. */
#define JSON_PRETTY 0x1 /* two-space indent, one member per line */

/* Appends the text of v to sb. */
void json_write(const struct json *v, struct strbuf *sb, int flags);
/* Appends s as a quoted JSON string. */
void json_write_string(struct strbuf *sb, const char *s, size_t len);

/*
 * Parses len bytes. On error returns NULL and writes "LINE:COL: message"
 * into err. Depth is limited to 200 and the input must be valid UTF-8.
 */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);

#endif
