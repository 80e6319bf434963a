/*
 * What both libical harnesses share (libical_instants.c, libical_changed.c): reading a
 * file, resolving every TZID in its own VTIMEZONEs only, and instants as UTC. Each program
 * defines PROGRAM, its name in error messages, before including this.
 */

#include <libical/ical.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static const char *current = "";

static void fail(const char *format, ...)
{
    va_list args;

    fprintf(stderr, PROGRAM ": %s: ", current);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(1);
}

static char *read_all(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text;
    long size;

    if (!file)
        fail("cannot open");
    if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0)
        fail("cannot read");
    text = malloc((size_t) size + 1);
    if (!text || fread(text, 1, (size_t) size, file) != (size_t) size)
        fail("cannot read");
    text[size] = '\0';
    fclose(file);
    return text;
}

static void print_string(const char *text)
{
    const unsigned char *c;

    putchar('"');
    for (c = (const unsigned char *) text; *c; c++) {
        if (*c == '"' || *c == '\\')
            printf("\\%c", *c);
        else if (*c < 0x20)
            printf("\\u%04x", *c);
        else
            putchar(*c);
    }
    putchar('"');
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long day_number(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

/* One value of a DTSTART/DTEND/RDATE/EXDATE: a DATE (day number) or an instant. */
typedef struct {
    int is_date;
    long long key; /* day number for a DATE, UTC seconds since the epoch otherwise */
    struct icaltimetype utc; /* the value converted to UTC (a DATE: the date itself) */
} moment;

/* The zone a value of `prop` is read in: the file's VTIMEZONE named by TZID, UTC for the Z
   form, NULL for a DATE. A floating time, or a TZID the file does not define, is an error. */
static icaltimezone *zone_of(icalcomponent *calendar, icalproperty *prop, struct icaltimetype value)
{
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    const char *name = icalproperty_get_property_name(prop);
    icaltimezone *zone;

    if (value.is_date) {
        if (param)
            fail("%s: a DATE with a TZID", name);
        return NULL;
    }
    if (!param) {
        if (!icaltime_is_utc(value))
            fail("%s: a floating time", name);
        return icaltimezone_get_utc_timezone();
    }
    zone = icalcomponent_get_timezone(calendar, icalparameter_get_tzid(param));
    if (!zone)
        fail("%s: TZID %s has no VTIMEZONE in the file", name, icalparameter_get_tzid(param));
    return zone;
}

static moment read_moment(icalcomponent *calendar, icalproperty *prop, struct icaltimetype value)
{
    icaltimezone *zone = zone_of(calendar, prop, value);
    moment m;

    if (icaltime_is_null_time(value) || !icaltime_is_valid_time(value))
        fail("%s: not a valid time", icalproperty_get_property_name(prop));
    m.is_date = value.is_date;
    if (value.is_date) {
        m.utc = value;
        m.key = day_number(value.year, value.month, value.day);
        return m;
    }
    value.zone = NULL; /* a wall time, read in `zone` and nothing else */
    m.key = (long long) icaltime_as_timet_with_zone(value, zone);
    m.utc = value;
    icaltimezone_convert_time(&m.utc, zone, icaltimezone_get_utc_timezone());
    return m;
}
