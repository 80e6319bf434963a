/*
 * Reads .ics files with libical 3 (the engine of Evolution and GNOME Calendar) and prints, as
 * JSON, what it makes of every VEVENT: UID, start and end as UTC instants (or DATE values),
 * and for a recurring event its occurrences' starts over the horizon.
 *
 *   libical_instants [--days N] FILE.ics ...
 *
 * Output: [{"file": path, "events": [{"uid", "start", "end", "occurrences"}]}], where a
 * date-time is "YYYY-MM-DDTHH:MM:SSZ", a DATE is "YYYY-MM-DD", "end" (DTEND, or DTSTART plus an
 * exact DURATION) is null without either, and
 * "occurrences" is null for an event with neither RRULE nor RDATE. Occurrences are those
 * starting before DTSTART + N days (730 unless given): the RRULE expanded by
 * icalrecur_iterator, plus RDATEs, minus EXDATEs, compared as instants.
 *
 * The Python side renames every TZID first (tests/parsers.py, private_tzids): libical's
 * recurrence iterator otherwise normalises occurrences with its built-in zone of the same name.
 * Every TZID is resolved with icalcomponent_get_timezone(calendar, tzid): the file's own
 * VTIMEZONE, or an error. libical's own getters (icalcomponent_get_dtstart and friends) fall
 * back to the machine's zoneinfo (icaltimezone_get_builtin_timezone) when a TZID is not found
 * in the file; that path is never taken here. A parse problem (X-LIC-ERROR) is an error too.
 *
 * Built by tests/test_interop.py: cc libical_instants.c $(pkg-config --cflags --libs libical)
 */

#define PROGRAM "libical_instants"
#include "libical_reading.h"

static void print_moment(const moment *m)
{
    if (m->is_date)
        printf("\"%04d-%02d-%02d\"", m->utc.year, m->utc.month, m->utc.day);
    else
        printf("\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", m->utc.year, m->utc.month, m->utc.day,
               m->utc.hour, m->utc.minute, m->utc.second);
}

typedef struct {
    moment *items;
    size_t count, size;
} moments;

static void push(moments *list, moment m)
{
    if (list->count == list->size) {
        list->size = list->size ? 2 * list->size : 64;
        list->items = realloc(list->items, list->size * sizeof(moment));
        if (!list->items)
            fail("out of memory");
    }
    list->items[list->count++] = m;
}

static int by_key(const void *a, const void *b)
{
    long long x = ((const moment *) a)->key, y = ((const moment *) b)->key;

    return (x > y) - (x < y);
}

static int excluded(const moments *exdates, long long key)
{
    size_t i;

    for (i = 0; i < exdates->count; i++)
        if (exdates->items[i].key == key)
            return 1;
    return 0;
}

static void print_occurrences(icalcomponent *calendar, icalcomponent *event, icalproperty *dtstart,
                              const moment *start, long days)
{
    icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
    icalproperty *prop;
    moments found = {0}, exdates = {0};
    long long horizon = start->key + (start->is_date ? days : days * DAY);
    size_t i;
    int printed = 0;

    if (!rrule && !icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY)) {
        printf("null");
        return;
    }
    if (rrule) {
        struct icaltimetype first = icalproperty_get_dtstart(dtstart);
        icaltimezone *zone = zone_of(calendar, dtstart, first);
        icalrecur_iterator *iterator;
        struct icaltimetype next;

        if (icalcomponent_get_next_property(event, ICAL_RRULE_PROPERTY))
            fail("more than one RRULE");
        if (zone)
            first = icaltime_set_timezone(&first, zone);
        iterator = icalrecur_iterator_new(icalproperty_get_rrule(rrule), first);
        if (!iterator)
            fail("RRULE not understood");
        for (next = icalrecur_iterator_next(iterator); !icaltime_is_null_time(next);
             next = icalrecur_iterator_next(iterator)) {
            moment m = read_moment(calendar, dtstart, next);

            if (m.key >= horizon)
                break;
            push(&found, m);
        }
        icalrecur_iterator_free(iterator);
    }
    for (prop = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); prop;
         prop = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rdate = icalproperty_get_rdate(prop);

        if (!icalperiodtype_is_null_period(rdate.period))
            fail("RDATE periods are not expected");
        push(&found, read_moment(calendar, prop, rdate.time));
    }
    for (prop = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); prop;
         prop = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
        push(&exdates, read_moment(calendar, prop, icalproperty_get_exdate(prop)));
    if (found.count)
        qsort(found.items, found.count, sizeof(moment), by_key);
    putchar('[');
    for (i = 0; i < found.count; i++) {
        const moment *m = &found.items[i];

        if (m->key >= horizon || excluded(&exdates, m->key))
            continue;
        if (i > 0 && found.items[i - 1].key == m->key)
            continue; /* an RDATE the RRULE already gives is one instance */
        if (printed++)
            putchar(',');
        print_moment(m);
    }
    putchar(']');
    free(found.items);
    free(exdates.items);
}

/* libical parses leniently and records what it could not read as X-LIC-ERROR properties. */
static void refuse_parse_errors(icalcomponent *component)
{
    icalcomponent *sub;
    icalproperty *error = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY);

    if (error)
        fail("parse error: %s", icalproperty_get_xlicerror(error));
    for (sub = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
        refuse_parse_errors(sub);
}

static void print_event(icalcomponent *calendar, icalcomponent *event, long days)
{
    icalproperty *uid = icalcomponent_get_first_property(event, ICAL_UID_PROPERTY);
    icalproperty *dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalproperty *dtend = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    moment start, end;
    icalproperty *duration = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY);

    if (!uid || !dtstart)
        fail("a VEVENT without UID or DTSTART");
    if (dtend && duration)
        fail("both DTEND and DURATION");
    start = read_moment(calendar, dtstart, icalproperty_get_dtstart(dtstart));
    printf("{\"uid\":");
    print_string(icalproperty_get_uid(uid));
    printf(",\"start\":");
    print_moment(&start);
    printf(",\"end\":");
    if (dtend) {
        end = read_moment(calendar, dtend, icalproperty_get_dtend(dtend));
        print_moment(&end);
    } else if (duration) {
        /* An exact length (RFC 5545 3.3.6): added to the start instant, in UTC. */
        struct icaldurationtype length = icalproperty_get_duration(duration);

        if (start.is_date || length.days || length.weeks)
            fail("DURATION is only expected as hours, minutes and seconds of a timed event");
        end = start;
        end.utc = icaltime_add(start.utc, length);
        end.key = start.key + icaldurationtype_as_int(length);
        print_moment(&end);
    } else {
        printf("null");
    }
    printf(",\"occurrences\":");
    print_occurrences(calendar, event, dtstart, &start, days);
    putchar('}');
}

static void print_file(const char *path, long days)
{
    char *text = read_all(path);
    icalcomponent *calendar = icalparser_parse_string(text);
    icalcomponent *event;
    int first = 1;

    if (!calendar || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
        fail("not one VCALENDAR");
    refuse_parse_errors(calendar);
    printf("{\"file\":");
    print_string(path);
    printf(",\"events\":[");
    for (event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        if (!first)
            putchar(',');
        first = 0;
        print_event(calendar, event, days);
    }
    printf("]}");
    icalcomponent_free(calendar);
    free(text);
}

int main(int argc, char **argv)
{
    long days = 730;
    int i, printed = 0;

    putchar('[');
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            days = strtol(argv[++i], NULL, 10);
            if (days <= 0)
                fail("--days takes a positive number");
            continue;
        }
        current = argv[i];
        if (printed++)
            putchar(',');
        print_file(argv[i], days);
    }
    printf("]\n");
    if (!printed) {
        fprintf(stderr, "usage: libical_instants [--days N] FILE.ics ...\n");
        return 2;
    }
    return 0;
}
