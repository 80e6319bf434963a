/*
 * Reads .ics files with libical 3 (the engine of Evolution and GNOME Calendar) and prints, as
 * JSON, every occurrence of every event with a series' changed occurrences in place of the
 * rule's: start and end as UTC instants, SUMMARY and STATUS of the VEVENT it comes from.
 *
 *   libical_changed [--days N] FILE.ics ...
 *
 * Output: [{"file": path, "occurrences": [{"uid", "start", "end", "title", "status"}]}].
 * libical's recurrence iterator gives the rule's instants (as in libical_instants.c, with the
 * file's own VTIMEZONEs only); a VEVENT with the series' UID and a RECURRENCE-ID replaces the
 * instant its RECURRENCE-ID names, matched as instants, as Evolution's libecal matches its
 * detached instances. EXDATEs are removed; RDATEs are not expected here.
 *
 * Built by tests/changed_readers.py: cc libical_changed.c $(pkg-config --cflags --libs libical)
 */

#define PROGRAM "libical_changed"
#include "libical_reading.h"

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

static int excluded(const moments *exdates, long long key)
{
    size_t i;

    for (i = 0; i < exdates->count; i++)
        if (exdates->items[i].key == key)
            return 1;
    return 0;
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


static moment read_start(icalcomponent *calendar, icalcomponent *event)
{
    icalproperty *dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);

    if (!dtstart)
        fail("a VEVENT without DTSTART");
    return read_moment(calendar, dtstart, icalproperty_get_dtstart(dtstart));
}

/* The exact length of an event: DTEND minus DTSTART as instants, or its DURATION. */
static long long length_of(icalcomponent *calendar, icalcomponent *event, const moment *start)
{
    icalproperty *dtend = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY);
    icalproperty *duration = icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY);

    if (dtend)
        return read_moment(calendar, dtend, icalproperty_get_dtend(dtend)).key - start->key;
    if (duration)
        return icaldurationtype_as_int(icalproperty_get_duration(duration));
    fail("a VEVENT without DTEND or DURATION");
    return 0;
}

static void print_instant(long long key)
{
    struct icaltimetype t = icaltime_from_timet_with_zone((time_t) key, 0,
                                                          icaltimezone_get_utc_timezone());

    printf("\"%04d-%02d-%02dT%02d:%02d:%02dZ\"", t.year, t.month, t.day, t.hour, t.minute,
           t.second);
}

static int printed = 0;

static void print_one(icalcomponent *calendar, icalcomponent *from, long long start)
{
    moment own = read_start(calendar, from);
    icalproperty *status = icalcomponent_get_first_property(from, ICAL_STATUS_PROPERTY);
    const char *summary = icalcomponent_get_summary(from);

    if (printed++)
        putchar(',');
    printf("{\"uid\":");
    print_string(icalcomponent_get_uid(from));
    printf(",\"start\":");
    print_instant(start);
    printf(",\"end\":");
    print_instant(start + length_of(calendar, from, &own));
    printf(",\"title\":");
    print_string(summary ? summary : "");
    printf(",\"status\":");
    print_string(status ? icalproperty_get_value_as_string(status) : "");
    putchar('}');
}

/* The VEVENT with `uid` whose RECURRENCE-ID is the instant `key`, or NULL. */
static icalcomponent *changed_at(icalcomponent *calendar, const char *uid, long long key)
{
    icalcomponent *event;

    for (event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        icalproperty *rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY);

        if (rid && strcmp(icalcomponent_get_uid(event), uid) == 0
            && read_moment(calendar, rid, icalproperty_get_recurrenceid(rid)).key == key)
            return event;
    }
    return NULL;
}

static void print_series(icalcomponent *calendar, icalcomponent *event, long days)
{
    icalproperty *dtstart = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
    icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY);
    icalproperty *prop;
    moment start = read_start(calendar, event);
    moments exdates = {0};
    long long horizon = start.key + (long long) days * DAY;
    struct icaltimetype first = icalproperty_get_dtstart(dtstart);
    icaltimezone *zone = zone_of(calendar, dtstart, first);
    icalrecur_iterator *iterator;
    struct icaltimetype next;

    if (start.is_date)
        fail("all-day series are not expected here");
    if (!rrule) {
        print_one(calendar, event, start.key);
        return;
    }
    for (prop = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); prop;
         prop = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
        push(&exdates, read_moment(calendar, prop, icalproperty_get_exdate(prop)));
    if (zone)
        first = icaltime_set_timezone(&first, zone);
    iterator = icalrecur_iterator_new(icalproperty_get_rrule(rrule), first);
    if (!iterator)
        fail("RRULE not understood");
    for (next = icalrecur_iterator_next(iterator); !icaltime_is_null_time(next);
         next = icalrecur_iterator_next(iterator)) {
        moment m = read_moment(calendar, dtstart, next);
        icalcomponent *changed;

        if (m.key >= horizon)
            break;
        if (excluded(&exdates, m.key))
            continue;
        changed = changed_at(calendar, icalcomponent_get_uid(event), m.key);
        if (changed)
            print_one(calendar, changed, read_start(calendar, changed).key);
        else
            print_one(calendar, event, m.key);
    }
    icalrecur_iterator_free(iterator);
    free(exdates.items);
}

static void print_file(const char *path, long days)
{
    char *text = read_all(path);
    icalcomponent *calendar = icalparser_parse_string(text);
    icalcomponent *event;

    if (!calendar || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
        fail("not one VCALENDAR");
    refuse_parse_errors(calendar);
    printf("{\"file\":");
    print_string(path);
    printf(",\"occurrences\":[");
    printed = 0;
    for (event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
         event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
        if (!icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY))
            print_series(calendar, event, days);
    printf("]}");
    icalcomponent_free(calendar);
    free(text);
}

int main(int argc, char **argv)
{
    long days = 730;
    int i, files = 0;

    putchar('[');
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            days = strtol(argv[++i], NULL, 10);
            continue;
        }
        current = argv[i];
        if (files++)
            putchar(',');
        print_file(argv[i], days);
    }
    printf("]\n");
    return files ? 0 : 2;
}
