#!/usr/bin/env python3
"""Generate the shipped sample initiative, assets/sample/initiative.json.

Backbone loads this file on first run so a new user sees a living scorecard.
Everything in it is FICTIONAL: Riverbend County, its partners, people, e-mail
addresses (example.org) and phone numbers (555-01xx) do not exist, and every
number is invented, though shaped like a real county cradle-to-career
partnership (see docs/DOMAIN.md, "The sample initiative").

The script is deterministic and uses the Python 3 standard library only:
running it twice gives byte-identical output.  "Noise" comes from a SHA-256
hash of the series name and period, never from a random generator or a clock.

Usage:  python3 assets/sample/generate.py            (writes the JSON next to it)
        python3 assets/sample/generate.py --check    (exit 1 if the file is stale)

How the population indicators are built
---------------------------------------
For each indicator and race/ethnicity group we set a start and an end value and
interpolate linearly over the indicator's periods, then add
  * shocks shared by all groups (a state test change, the COVID-19 years),
    scaled per group where the pandemic hit some communities harder, and
  * a small deterministic wobble, larger for small groups.
The total (county-wide) value for a period is the enrolment-weighted mean of the
unrounded group values, so totals and groups are consistent.  A suppressed group
value still counts towards the total (the state knows it, it just does not
publish it).  Stored values are rounded to one decimal on the 0-100 scale.

Program performance measures are small hand-written tables (one row per period)
so that reviewers can read the story directly.
"""

import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "initiative.json")

FORMAT = "backbone-sample/1"

# ---------------------------------------------------------------------------
# Initiative and partners
# ---------------------------------------------------------------------------

INITIATIVE = {
    "name": "Sample: Riverbend Rising Cradle-to-Career Partnership",
    "description": (
        "Sample: fictional data. Riverbend County, its partners, contacts and "
        "every number here are invented to show how Backbone works. Riverbend "
        "Rising is a cradle-to-career partnership co-led by Riverbend County "
        "and the Riverbend Community Foundation, tracking children and young "
        "people from kindergarten entry to a degree or credential. Replace or "
        "delete it when you start your own initiative."
    ),
    "shared_result": (
        "Every young person in Riverbend County graduates ready for college "
        "and career"
    ),
    "geography": "Riverbend County (fictional), USA",
    "sectoral_home": "co_led",
    "backbone_org": (
        "Riverbend Rising backbone team, co-hosted by Riverbend County and the "
        "Riverbend Community Foundation"
    ),
    "equity_statement": (
        "Riverbend's averages hide gaps. Black, Hispanic/Latino and Native "
        "American children and young people are less likely to enter "
        "kindergarten ready, read on grade level and finish a degree, because "
        "of barriers our systems built, not because of who they are. We "
        "disaggregate every indicator by race and ethnicity, track gaps as "
        "seriously as averages, set targets that close them, and ask the "
        "communities most affected to shape the strategies."
    ),
}


def partner(key, name, sector, tier, contact, email, phone, notes):
    return {
        "key": key,
        "name": name,
        "sector": sector,
        "tier": tier,
        "contact_name": contact,
        "contact_email": email,
        "contact_phone": phone,
        "notes": notes,
    }


PARTNERS = [
    partner("county", "Riverbend County Department of Human Services", "public",
            "strategic", "Dana Whitfield", "dana.whitfield@example.org",
            "555-0101",
            "Co-convener. Funds half of the backbone team; runs the county "
            "library branches that host tutoring."),
    partner("foundation", "Riverbend Community Foundation", "philanthropy",
            "strategic", "Marcus Oyelaran", "marcus.oyelaran@example.org",
            "555-0102",
            "Co-convener. Hosts the backbone team and its data manager; "
            "aligned grant-making with the partnership's results."),
    partner("schools", "Riverbend Unified School District", "education",
            "strategic", "Elena Castillo", "elena.castillo@example.org",
            "555-0103",
            "Shares student-level data under a data-sharing agreement; leads "
            "Reading Buddies."),
    partner("access", "Pathways College Access Network", "nonprofit",
            "mid_tier", "Jordan Lee", "jordan.lee@example.org", "555-0104",
            "College and career advising in all four high schools; leads "
            "FAFSA Completion Nights."),
    partner("chamber", "Riverbend Area Chamber of Commerce", "business",
            "mid_tier", "Priya Natarajan", "priya.natarajan@example.org",
            "555-0105",
            "Convenes employers for internships and the credential goal; "
            "sponsors FAFSA night meals."),
    partner("health", "Riverbend Family Health Center", "health",
            "mid_tier", "Samuel Redcloud", "samuel.redcloud@example.org",
            "555-0106",
            "Federally qualified health center; developmental screening and "
            "Reach Out and Read at well-child visits."),
    partner("faith", "Riverbend Interfaith Council", "faith",
            "community", "Rev. Grace Okafor", "grace.okafor@example.org",
            "555-0107",
            "Recruits volunteer tutors from 14 congregations; hosts FAFSA "
            "nights in fellowship halls."),
    partner("parents", "Eastside Parent Network", "community",
            "community", "Luis Ortega", "luis.ortega@example.org", "555-0108",
            "Resident-led parent group; co-designs outreach and runs "
            "listening sessions in Spanish and English."),
]

# ---------------------------------------------------------------------------
# Equity dimension
# ---------------------------------------------------------------------------

GROUPS = [
    ("asian", "Asian"),
    ("black", "Black"),
    ("hispanic", "Hispanic/Latino"),
    ("native", "Native American"),
    ("white", "White"),
    ("multi", "Two or more races"),
]

DIMENSIONS = [
    {
        "key": "race",
        "name": "Race/ethnicity",
        "kind": "race_ethnicity",
        "groups": [{"key": k, "name": n} for k, n in GROUPS],
    }
]

# Share (%) of students by group in school year 2014-15 and 2023-24; years in
# between are interpolated.  Both rows sum to 100.
SHARES_START = {"asian": 5.0, "black": 15.0, "hispanic": 19.0,
                "native": 2.5, "white": 54.0, "multi": 4.5}
SHARES_END = {"asian": 5.5, "black": 14.0, "hispanic": 24.0,
              "native": 2.0, "white": 48.0, "multi": 6.5}

# How hard the COVID-19 shocks hit each group (1.0 = the county average).
COVID_HIT = {"asian": 0.8, "black": 1.3, "hispanic": 1.3,
             "native": 1.4, "white": 0.85, "multi": 1.0}

# Amplitude of the year-to-year wobble: small groups bounce more.
WOBBLE = {"asian": 1.2, "black": 0.7, "hispanic": 0.7,
          "native": 1.8, "white": 0.4, "multi": 1.3}


def noise(*parts):
    """Deterministic pseudo-random number in [-1, 1) from the given parts."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0 ** 63 - 1.0


def shares(school_year_index):
    """Group shares for a school year (0 = 2014-15), clamped to 0..9."""
    f = min(max(school_year_index, 0), 9) / 9.0
    return {g: SHARES_START[g] + (SHARES_END[g] - SHARES_START[g]) * f
            for g, _ in GROUPS}


# ---------------------------------------------------------------------------
# Period labels
# ---------------------------------------------------------------------------

def school_year(start_year):
    return "%d-%02d" % (start_year, (start_year + 1) % 100)


def quarter(year, q):
    return "%dQ%d" % (year, q)


# ---------------------------------------------------------------------------
# Measures and value rows
# ---------------------------------------------------------------------------

def measure(key, name, definition, unit, polarity, calendar, data_source,
            values, category=None, headline=False, data_development=False,
            baseline_period=None, rate_per=None, cumulative=False,
            calendar_start_month=None):
    return {
        "key": key,
        "name": name,
        "definition": definition,
        "category": category,
        "unit": unit,
        "rate_per": rate_per,
        "polarity": polarity,
        "calendar": calendar,
        "calendar_start_month": calendar_start_month,
        "baseline_period": baseline_period,
        "data_source": data_source,
        "headline": headline,
        "data_development": data_development,
        "cumulative": cumulative,
        "values": values,
    }


def row(period, value, target=None, target_low=None, target_high=None,
        note=None, margin_of_error=None, suppressed=False, groups=None):
    return {
        "period": period,
        "value": value,
        "target": target,
        "target_low": target_low,
        "target_high": target_high,
        "note": note,
        "margin_of_error": margin_of_error,
        "suppressed": suppressed,
        "groups": dict(groups or {}),
    }


def r1(x):
    """Round to one decimal, avoiding -0.0."""
    v = round(x + 0.0, 1)
    return 0.0 if v == 0 else v


def indicator_values(series, periods, start, end, shock=None, notes=None,
                     targets=None, suppress=None, skip=None):
    """Build total and per-group rows for a disaggregated percent indicator.

    series   -- a name used to seed the wobble
    periods  -- list of (label, school_year_index) in calendar order, including
                any period left out through `skip` (it still advances time)
    start/end-- dict group -> value at the first and last period
    shock    -- dict label -> (points, covid) where covid=True scales the
                shock by COVID_HIT
    notes    -- dict label -> note on the total row
    targets  -- dict label -> target; labels after the last period add
                future rows with no value
    suppress -- dict (label, group) -> note for a suppressed group value
    skip     -- set of labels with no data at all (missing, not zero)
    """
    shock = shock or {}
    notes = notes or {}
    targets = targets or {}
    suppress = suppress or {}
    skip = skip or set()
    n = len(periods) - 1
    rows = []
    for i, (label, sy_index) in enumerate(periods):
        if label in skip:
            continue
        w = shares(sy_index)
        vals = {}
        for g, _ in GROUPS:
            v = start[g] + (end[g] - start[g]) * i / n
            if label in shock:
                pts, covid = shock[label]
                v += pts * (COVID_HIT[g] if covid else 1.0)
            v += WOBBLE[g] * noise(series, label, g)
            vals[g] = min(max(v, 0.0), 100.0)
        total = sum(vals[g] * w[g] for g, _ in GROUPS) / sum(w.values())
        rows.append(row(label, r1(total), target=targets.get(label),
                        note=notes.get(label)))
        for g, _ in GROUPS:
            if (label, g) in suppress:
                rows.append(row(label, None, note=suppress[(label, g)],
                                suppressed=True, groups={"race": g}))
            else:
                rows.append(row(label, r1(vals[g]), groups={"race": g}))
    labels = [p for p, _ in periods]
    for label in sorted(targets):
        if label not in labels:
            rows.append(row(label, None, target=targets[label]))
    return rows


# --- Result 1: children enter kindergarten ready and read by third grade ---

K_PERIODS = [(school_year(y), y - 2014) for y in range(2015, 2024)]
K_READY = measure(
    "k_ready",
    "Kindergarten readiness",
    "Percentage of children entering kindergarten in Riverbend public schools "
    "who meet the state's readiness benchmark in all six domains of the "
    "fall kindergarten entry assessment.",
    "percent", "higher", "school_year",
    "State kindergarten entry assessment, via Riverbend Unified School "
    "District (fictional)",
    indicator_values(
        "k_ready", K_PERIODS,
        start={"asian": 60.0, "black": 40.0, "hispanic": 38.0,
               "native": 36.0, "white": 58.0, "multi": 50.0},
        end={"asian": 64.5, "black": 48.0, "hispanic": 47.0,
             "native": 41.0, "white": 62.0, "multi": 55.0},
        shock={"2021-22": (-6.5, True), "2022-23": (-3.0, True),
               "2023-24": (-1.0, True)},
        notes={
            "2021-22": "The fall 2020 assessment was waived statewide "
                       "(COVID-19), so there is no 2020-21 value. This "
                       "cohort's pre-K and child care were disrupted by the "
                       "pandemic.",
            "2022-23": "Still below the pre-pandemic level; more children "
                       "entered with no formal early learning.",
        },
        targets={"2022-23": 52.0, "2023-24": 54.0, "2024-25": 56.0,
                 "2025-26": 58.0, "2026-27": 60.0},
        skip={"2020-21"},
    ),
)

R3_PERIODS = [(school_year(y), y - 2014) for y in range(2015, 2024)]
READ3 = measure(
    "read3",
    "Third-grade reading proficiency",
    "Percentage of third graders in Riverbend public schools scoring "
    "proficient or above on the state English language arts assessment.",
    "percent", "higher", "school_year",
    "State Department of Education assessment results (fictional)",
    indicator_values(
        "read3", R3_PERIODS,
        start={"asian": 58.0, "black": 31.0, "hispanic": 33.0,
               "native": 28.0, "white": 52.0, "multi": 44.0},
        end={"asian": 61.5, "black": 39.5, "hispanic": 42.0,
             "native": 33.0, "white": 55.5, "multi": 48.5},
        # The old test (2015-16, 2016-17) gave higher proficiency rates.
        shock={"2015-16": (16.0, False), "2016-17": (16.5, False),
               "2019-20": (-1.0, True), "2020-21": (-7.5, True),
               "2021-22": (-4.5, True), "2022-23": (-2.0, True),
               "2023-24": (-0.5, True)},
        notes={
            "2017-18": "Series break: the state replaced its reading test "
                       "with a new, harder assessment and higher cut scores. "
                       "Values before 2017-18 are not comparable; the "
                       "baseline is 2017-18.",
            "2019-20": "Spring 2020 state test cancelled (COVID-19 school "
                       "closures). Value from the district's winter "
                       "benchmark, linked to the state scale.",
            "2020-21": "First state test after the closures; taken after a "
                       "year of hybrid learning, with 91% participation.",
        },
        targets={"2022-23": 46.0, "2023-24": 48.0, "2024-25": 50.0,
                 "2025-26": 52.0, "2026-27": 55.0},
        suppress={("2018-19", "native"):
                  "Suppressed by the state: fewer than 10 students tested."},
    ),
    headline=True,
    baseline_period="2017-18",
)

# --- Result 2: graduate high school and complete a degree or credential ----

G_PERIODS = [(school_year(y), y - 2014) for y in range(2014, 2024)]
GRAD = measure(
    "grad4",
    "High-school graduation rate (4-year cohort)",
    "Percentage of students in the four-year adjusted cohort who graduate "
    "with a regular diploma within four years of starting ninth grade.",
    "percent", "higher", "school_year",
    "State Department of Education, adjusted cohort graduation rate "
    "(fictional)",
    indicator_values(
        "grad4", G_PERIODS,
        start={"asian": 90.0, "black": 72.0, "hispanic": 74.0,
               "native": 66.0, "white": 86.0, "multi": 80.0},
        end={"asian": 93.0, "black": 83.5, "hispanic": 84.0,
             "native": 72.5, "white": 90.0, "multi": 86.0},
        shock={"2019-20": (1.5, False), "2020-21": (-1.0, True),
               "2021-22": (-0.5, True)},
        notes={
            "2019-20": "The state waived some graduation requirements during "
                       "the COVID-19 emergency; the rate is not fully "
                       "comparable with other years.",
            "2020-21": "Requirements restored; seniors finished a year of "
                       "hybrid learning.",
        },
        targets={"2022-23": 87.0, "2023-24": 87.5, "2024-25": 88.5,
                 "2025-26": 90.0, "2026-27": 90.0},
    ),
    headline=True,
)

# Class of year Y graduated in school year (Y-1)-(Y): index Y - 1 - 2014.
E_PERIODS = [(str(y), y - 2015) for y in range(2015, 2024)]
ENROLL = measure(
    "enroll",
    "Postsecondary enrolment in the fall after graduation",
    "Percentage of Riverbend public high-school graduates of a given year "
    "who enrol in a two- or four-year college, or a certificate program, by "
    "the fall after graduation (labelled by graduation year).",
    "percent", "higher", "year",
    "National Student Clearinghouse StudentTracker, via Riverbend Unified "
    "School District (fictional)",
    indicator_values(
        "enroll", E_PERIODS,
        start={"asian": 78.0, "black": 50.0, "hispanic": 48.0,
               "native": 40.0, "white": 64.0, "multi": 56.0},
        end={"asian": 79.0, "black": 51.5, "hispanic": 50.5,
             "native": 41.0, "white": 63.5, "multi": 57.0},
        shock={"2020": (-6.0, True), "2021": (-4.0, True),
               "2022": (-2.0, True), "2023": (-1.0, True)},
        notes={
            "2020": "Fall 2020 enrolment fell sharply, most of all at "
                    "community colleges (COVID-19).",
            "2021": "Partial recovery; community college enrolment still "
                    "below 2019.",
        },
        targets={"2022": 58.0, "2023": 59.0, "2024": 60.0, "2025": 61.5,
                 "2026": 63.0},
    ),
)

# Completion measured in year Y for the class of Y-6 (school year index Y-7-2014).
C_PERIODS = [(str(y), y - 2021) for y in range(2016, 2024)]
COMPLETE = measure(
    "complete",
    "Postsecondary completion within six years",
    "Percentage of a Riverbend public high-school graduating class that has "
    "earned a certificate, associate or bachelor's degree within six years "
    "of graduating (labelled by the year of measurement: 2023 = class of "
    "2017).",
    "percent", "higher", "year",
    "National Student Clearinghouse StudentTracker, via Riverbend Unified "
    "School District (fictional)",
    indicator_values(
        "complete", C_PERIODS,
        start={"asian": 58.0, "black": 26.0, "hispanic": 28.0,
               "native": 20.0, "white": 44.0, "multi": 34.0},
        end={"asian": 61.0, "black": 29.5, "hispanic": 32.0,
             "native": 22.5, "white": 47.5, "multi": 37.5},
        shock={"2021": (-1.0, True), "2022": (-0.5, True)},
        notes={
            "2021": "Some students in the class of 2015 paused their studies "
                    "during the pandemic.",
        },
        targets={"2022": 40.0, "2023": 41.0, "2024": 43.0, "2025": 45.0,
                 "2026": 47.0},
    ),
)

ENGAGED = measure(
    "engaged",
    "Young adults aged 18-24 employed or in school",
    "Percentage of Riverbend County residents aged 18-24 who are working or "
    "enrolled in school or training (the inverse of 'opportunity youth'). "
    "On the data development agenda: no reliable county source yet.",
    "percent", "higher", "year",
    "To be developed: American Community Survey 5-year estimates or state "
    "wage records matched to enrolment data",
    [],
    data_development=True,
)

RESULTS = [
    {
        "key": "ready",
        "name": "Children enter kindergarten ready and read by third grade",
        "description": (
            "Every Riverbend child starts school with the skills to thrive "
            "and reads on grade level by the end of third grade, the point "
            "where children move from learning to read to reading to learn."
        ),
        "indicators": [K_READY, READ3],
    },
    {
        "key": "grad",
        "name": ("Young people graduate high school and complete a degree or "
                 "credential ready for career"),
        "description": (
            "Every Riverbend young person finishes high school and goes on "
            "to earn a degree or a credential with value in the local labour "
            "market."
        ),
        "indicators": [GRAD, ENROLL, COMPLETE, ENGAGED],
    },
]

# ---------------------------------------------------------------------------
# Programs and performance measures
# ---------------------------------------------------------------------------

TUT_PERIODS = [school_year(y) for y in range(2017, 2024)]   # 2017-18 .. 2023-24

# Students tutored in the year, and % of them reading on grade level in spring.
TUT_STUDENTS = [120, 165, 140, 150, 230, 290, 335]
TUT_GRADE_PCT = [38.2, 41.5, 36.0, 33.4, 40.1, 44.7, 47.9]


def table(periods, values, targets=None, notes=None, ranges=None):
    """Total-only rows for a program measure; future targets appended."""
    targets = targets or {}
    notes = notes or {}
    ranges = ranges or {}
    rows = []
    for p, v in zip(periods, values):
        lo, hi = ranges.get(p, (None, None))
        rows.append(row(p, v, target=targets.get(p), target_low=lo,
                        target_high=hi, note=notes.get(p)))
    for p in list(targets) + list(ranges):
        if p not in periods and all(r["period"] != p for r in rows):
            lo, hi = ranges.get(p, (None, None))
            rows.append(row(p, None, target=targets.get(p), target_low=lo,
                            target_high=hi))
    return rows


TUTORING = {
    "key": "tutoring",
    "name": "Reading Buddies tutoring",
    "description": (
        "Trained volunteers from congregations, businesses and the parent "
        "network tutor K-3 students reading below grade level, twice a week "
        "for 30 minutes, in schools and county library branches."
    ),
    "lead_partner": "schools",
    "contributors": ["county", "faith", "parents"],
    "results": ["ready"],
    "measures": [
        measure(
            "tut_students", "Students tutored",
            "Number of K-3 students who attended at least one Reading "
            "Buddies session during the school year.",
            "number", "higher", "school_year",
            "Reading Buddies attendance database (fictional)",
            table(TUT_PERIODS, TUT_STUDENTS,
                  targets={"2022-23": 280, "2023-24": 320, "2024-25": 360,
                           "2025-26": 400},
                  notes={"2019-20": "Sessions moved online after the March "
                                    "2020 school closures.",
                         "2020-21": "Virtual tutoring all year."}),
            category="how_much",
        ),
        measure(
            "tut_ratio", "Students per tutor",
            "Average number of students assigned to each active volunteer "
            "tutor (the tutor-to-student ratio, 1:N). The program model "
            "calls for 1:3 to 1:5.",
            "number", "range", "school_year",
            "Reading Buddies attendance database (fictional)",
            table(TUT_PERIODS, [4.0, 4.3, 5.6, 6.2, 5.4, 4.8, 4.5],
                  ranges={p: (3, 5) for p in TUT_PERIODS + ["2024-25"]},
                  notes={"2020-21": "Active volunteer tutors fell from 38 to "
                                    "24 during the pandemic."}),
            category="how_well",
        ),
        measure(
            "tut_attend", "Scheduled sessions attended",
            "Percentage of scheduled tutoring sessions that the student "
            "attended.",
            "percent", "higher", "school_year",
            "Reading Buddies attendance database (fictional)",
            table(TUT_PERIODS, [81.5, 83.0, 71.2, 68.4, 79.8, 84.1, 86.3],
                  targets={"2022-23": 85.0, "2023-24": 85.0,
                           "2024-25": 88.0},
                  notes={"2020-21": "Virtual sessions; many families had "
                                    "unreliable internet."}),
            category="how_well",
        ),
        measure(
            "tut_grade_pct", "Tutored students reading on grade level",
            "Percentage of tutored students scoring at or above grade level "
            "on the district's spring reading benchmark.",
            "percent", "higher", "school_year",
            "Riverbend Unified School District reading benchmark (fictional)",
            table(TUT_PERIODS, TUT_GRADE_PCT,
                  targets={"2023-24": 48.0, "2024-25": 50.0,
                           "2025-26": 52.0},
                  notes={"2019-20": "Spring benchmark cancelled; winter "
                                    "benchmark used instead."}),
            category="better_off",
            baseline_period="2017-18",
        ),
        measure(
            "tut_grade_n", "Tutored students reading on grade level (number)",
            "Number of tutored students scoring at or above grade level on "
            "the district's spring reading benchmark.",
            "number", "higher", "school_year",
            "Riverbend Unified School District reading benchmark (fictional)",
            table(TUT_PERIODS,
                  [int(round(n * p / 100.0))
                   for n, p in zip(TUT_STUDENTS, TUT_GRADE_PCT)]),
            category="better_off",
        ),
        measure(
            "tut_absent", "Tutored students chronically absent",
            "Percentage of tutored students who missed 10% or more of "
            "enrolled school days.",
            "percent", "lower", "school_year",
            "Riverbend Unified School District attendance records "
            "(fictional)",
            table(TUT_PERIODS, [22.5, 20.1, 18.0, 31.8, 34.6, 27.9, 23.4],
                  targets={"2023-24": 22.0, "2024-25": 20.0,
                           "2025-26": 18.0},
                  notes={"2019-20": "Attendance not recorded after the March "
                                    "2020 closures; rate covers August to "
                                    "March.",
                         "2021-22": "Chronic absence rose district-wide after "
                                    "the return to in-person learning."}),
            category="better_off",
        ),
    ],
}

FAFSA_PERIODS = [quarter(y, q) for y in (2023, 2024) for q in (1, 2, 3, 4)]
FAFSA_SERVED = [210, 85, 30, 95, 380, 150, 45, 240]
FAFSA_SUBMIT_PCT = [68.5, 72.0, 74.1, 41.0, 63.8, 71.5, 73.0, 76.2]
FAFSA_SENIOR_SHARE = 0.8   # share of attendees who are seniors

FAFSA = {
    "key": "fafsa",
    "name": "FAFSA Completion Nights",
    "description": (
        "Evening workshops at the four high schools, library branches and "
        "congregations where seniors and their families complete the Free "
        "Application for Federal Student Aid with trained advisers, with "
        "food, child care and Spanish interpretation."
    ),
    "lead_partner": "access",
    "contributors": ["schools", "chamber", "faith"],
    "results": ["grad"],
    "measures": [
        measure(
            "fafsa_served", "Students served at FAFSA nights",
            "Number of students (seniors and recent graduates) who attended "
            "a FAFSA Completion Night in the quarter.",
            "number", "higher", "quarter",
            "Pathways College Access Network sign-in sheets (fictional)",
            table(FAFSA_PERIODS, FAFSA_SERVED,
                  targets={"2024Q1": 300, "2024Q2": 120, "2024Q3": 40,
                           "2024Q4": 250, "2025Q1": 320},
                  notes={"2023Q4": "The new FAFSA form opened late (30 "
                                   "December 2023); most events moved to "
                                   "January-March 2024.",
                         "2024Q1": "Catch-up events after the late form "
                                   "launch."}),
            category="how_much",
        ),
        measure(
            "fafsa_days", "Average days from FAFSA start to submission",
            "Mean number of days between a student starting the FAFSA at an "
            "event and submitting it, for students who submitted.",
            "number", "lower", "quarter",
            "Pathways College Access Network case notes (fictional)",
            table(FAFSA_PERIODS, [12.4, 9.8, 8.5, 21.3, 18.7, 11.2, 9.0, 7.6],
                  targets={"2024Q3": 10.0, "2024Q4": 8.0, "2025Q1": 7.0},
                  notes={"2024Q1": "Errors in the new form delayed "
                                   "submissions, especially for families "
                                   "whose parents have no Social Security "
                                   "number."}),
            category="how_well",
        ),
        measure(
            "fafsa_helpful", "Families rating the session helpful",
            "Percentage of exit-survey respondents who rated the session "
            "'helpful' or 'very helpful'.",
            "percent", "higher", "quarter",
            "FAFSA night exit survey (fictional)",
            table(FAFSA_PERIODS, [91.2, 89.5, 93.0, 84.0, 86.7, 90.8, 92.4,
                                  93.1],
                  targets={p: 90.0 for p in FAFSA_PERIODS[4:]}),
            category="how_well",
        ),
        measure(
            "fafsa_submit_pct", "Attending seniors who submitted a FAFSA",
            "Percentage of attending seniors who submitted a FAFSA within 30 "
            "days of the event.",
            "percent", "higher", "quarter",
            "Pathways College Access Network, matched to the state FAFSA "
            "completion portal (fictional)",
            table(FAFSA_PERIODS, FAFSA_SUBMIT_PCT,
                  targets={"2024Q1": 70.0, "2024Q2": 70.0, "2024Q3": 70.0,
                           "2024Q4": 70.0, "2025Q1": 75.0},
                  notes={"2023Q4": "Most students could not submit: the new "
                                   "form was not available until 30 "
                                   "December."}),
            category="better_off",
        ),
        measure(
            "fafsa_submit_n", "Attending seniors who submitted a FAFSA "
                              "(number)",
            "Number of attending seniors who submitted a FAFSA within 30 "
            "days of the event.",
            "number", "higher", "quarter",
            "Pathways College Access Network, matched to the state FAFSA "
            "completion portal (fictional)",
            table(FAFSA_PERIODS,
                  [int(round(n * FAFSA_SENIOR_SHARE * p / 100.0))
                   for n, p in zip(FAFSA_SERVED, FAFSA_SUBMIT_PCT)]),
            category="better_off",
        ),
    ],
}

PROGRAMS = [TUTORING, FAFSA]

PARTNER_ROLES = [
    {"partner": p, "target_kind": "result", "target": t, "role": "partner"}
    for p, t in [
        ("county", "ready"),
        ("health", "ready"),
        ("parents", "ready"),
        ("faith", "ready"),
        ("foundation", "grad"),
        ("chamber", "grad"),
        ("access", "grad"),
    ]
]

# ---------------------------------------------------------------------------
# Validation: run on every generation, so a bad edit cannot ship.
# ---------------------------------------------------------------------------

SECTORS = {"public", "nonprofit", "philanthropy", "business", "education",
           "health", "faith", "community", "other"}
TIERS = {"strategic", "mid_tier", "community"}
UNITS = {"number", "percent", "currency", "rate"}
POLARITIES = {"higher", "lower", "range"}
CATEGORIES = {"how_much", "how_well", "better_off"}
PERIOD_PATTERNS = {
    "year": r"\d{4}",
    "school_year": r"\d{4}-\d{2}",
    "fiscal_year": r"FY\d{4}",
    "quarter": r"\d{4}Q[1-4]",
    "month": r"\d{4}-(0[1-9]|1[0-2])",
}
MEASURE_KEYS = ["key", "name", "definition", "category", "unit", "rate_per",
                "polarity", "calendar", "calendar_start_month",
                "baseline_period", "data_source", "headline",
                "data_development", "cumulative", "values"]
ROW_KEYS = ["period", "value", "target", "target_low", "target_high", "note",
            "margin_of_error", "suppressed", "groups"]


def valid_period(calendar, label):
    if not re.fullmatch(PERIOD_PATTERNS[calendar], label):
        return False
    if calendar == "school_year":
        a, b = label.split("-")
        return (int(a) + 1) % 100 == int(b)
    return True


def unique_keys(items, what, errors):
    keys = [x["key"] for x in items]
    for k in set(keys):
        if keys.count(k) > 1:
            errors.append("duplicate %s key %r" % (what, k))
    return set(keys)


def check_measure(m, is_program, dims, errors):
    where = "measure %r" % m.get("key")
    if list(m) != MEASURE_KEYS:
        errors.append("%s: keys %s" % (where, list(m)))
        return
    if m["unit"] not in UNITS or m["polarity"] not in POLARITIES:
        errors.append("%s: bad unit or polarity" % where)
    if m["calendar"] not in PERIOD_PATTERNS:
        errors.append("%s: bad calendar" % where)
        return
    if is_program != (m["category"] in CATEGORIES):
        errors.append("%s: bad category %r" % (where, m["category"]))
    if is_program and m["headline"]:
        errors.append("%s: program measures are not headlines" % where)
    seen = set()
    actual_periods = set()
    for v in m["values"]:
        if list(v) != ROW_KEYS:
            errors.append("%s: row keys %s" % (where, list(v)))
            continue
        p = v["period"]
        if not valid_period(m["calendar"], p):
            errors.append("%s: period %r not a %s" % (where, p, m["calendar"]))
        ident = (p, tuple(sorted(v["groups"].items())))
        if ident in seen:
            errors.append("%s: duplicate row %r" % (where, ident))
        seen.add(ident)
        for d, g in v["groups"].items():
            if d not in dims or g not in dims[d]:
                errors.append("%s: unknown group %s=%s" % (where, d, g))
        if v["groups"] and (v["target"] is not None
                            or v["target_low"] is not None):
            errors.append("%s: target on a group row %r" % (where, ident))
        if v["suppressed"] and v["value"] is not None:
            errors.append("%s: suppressed row with a value" % where)
        if m["polarity"] == "range":
            if v["target"] is not None:
                errors.append("%s: range measure with a point target" % where)
            if (v["target_low"] is None) != (v["target_high"] is None) or (
                    v["target_low"] is not None
                    and v["target_low"] > v["target_high"]):
                errors.append("%s: bad range at %s" % (where, p))
        elif v["target_low"] is not None or v["target_high"] is not None:
            errors.append("%s: range bounds on a non-range measure" % where)
        for x in (v["value"], v["target"], v["target_low"], v["target_high"]):
            if x is None:
                continue
            if m["unit"] == "percent" and not 0 <= x <= 100:
                errors.append("%s: percent %r out of 0-100" % (where, x))
            if x < 0:
                errors.append("%s: negative %r" % (where, x))
            if m["unit"] == "percent" and round(x, 1) != x:
                errors.append("%s: %r has more than one decimal" % (where, x))
        if not v["groups"] and v["value"] is not None:
            actual_periods.add(p)
    if m["baseline_period"] is not None and (
            m["baseline_period"] not in actual_periods):
        errors.append("%s: baseline period has no actual" % where)
    if m["data_development"]:
        if m["values"]:
            errors.append("%s: data development measure with values" % where)
    elif is_program and not 5 <= len(actual_periods) <= 8:
        errors.append("%s: %d periods" % (where, len(actual_periods)))
    elif not is_program and not 6 <= len(actual_periods) <= 10:
        errors.append("%s: %d periods" % (where, len(actual_periods)))
    return m["key"]


def validate(data):
    """Return a list of problems (empty when the sample is well formed)."""
    errors = []
    ini = data["initiative"]
    if data["format"] != FORMAT:
        errors.append("format")
    if not ini["name"].startswith("Sample: "):
        errors.append("initiative name must start with 'Sample: '")
    if "fictional data" not in ini["description"]:
        errors.append("description must say 'fictional data'")
    if ini["sectoral_home"] != "co_led":
        errors.append("sectoral_home")
    partners = unique_keys(data["partners"], "partner", errors)
    for p in data["partners"]:
        if p["sector"] not in SECTORS or p["tier"] not in TIERS:
            errors.append("partner %r: sector or tier" % p["key"])
        if not p["contact_email"].endswith("@example.org"):
            errors.append("partner %r: e-mail not at example.org" % p["key"])
        if not re.fullmatch(r"555-01\d\d", p["contact_phone"]):
            errors.append("partner %r: phone not 555-01xx" % p["key"])
    unique_keys(data["dimensions"], "dimension", errors)
    dims = {d["key"]: unique_keys(d["groups"], "group", errors)
            for d in data["dimensions"]}
    results = unique_keys(data["results"], "result", errors)
    programs = unique_keys(data["programs"], "program", errors)
    measure_keys = []
    for r in data["results"]:
        heads = [m for m in r["indicators"] if m["headline"]]
        if len(heads) != 1:
            errors.append("result %r: %d headlines" % (r["key"], len(heads)))
        for m in r["indicators"]:
            measure_keys.append(check_measure(m, False, dims, errors))
    polarities = set()
    for pr in data["programs"]:
        if pr["lead_partner"] not in partners:
            errors.append("program %r: unknown lead" % pr["key"])
        for c in pr["contributors"]:
            if c not in partners or c == pr["lead_partner"]:
                errors.append("program %r: contributor %r" % (pr["key"], c))
        for r in pr["results"]:
            if r not in results:
                errors.append("program %r: unknown result %r" % (pr["key"], r))
        cats = {m["category"] for m in pr["measures"]}
        if cats != CATEGORIES:
            errors.append("program %r: categories %s" % (pr["key"], cats))
        for m in pr["measures"]:
            measure_keys.append(check_measure(m, True, dims, errors))
            polarities.add(m["polarity"])
    if not {"lower", "range"} <= polarities:
        errors.append("programs need a 'lower' and a 'range' measure")
    unique_keys([{"key": k} for k in measure_keys], "measure", errors)
    targets = {"result": results, "program": programs,
               "measure": set(measure_keys)}
    for role in data["partner_roles"]:
        if role["partner"] not in partners:
            errors.append("role: unknown partner %r" % role["partner"])
        if role["target"] not in targets.get(role["target_kind"], ()):
            errors.append("role: unknown target %r" % role["target"])
    return errors



def build():
    return {
        "format": FORMAT,
        "initiative": INITIATIVE,
        "partners": PARTNERS,
        "dimensions": DIMENSIONS,
        "results": RESULTS,
        "programs": PROGRAMS,
        "partner_roles": PARTNER_ROLES,
    }


# ---------------------------------------------------------------------------
# Output: ordinary indented JSON, except that each value row sits on one line
# so the file stays short and diffs read well.
# ---------------------------------------------------------------------------

def dump(obj, indent=0):
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        if "period" in obj or indent > 0 and set(obj) <= {"key", "name"}:
            return json.dumps(obj, ensure_ascii=False)
        items = ["%s%s: %s" % (inner, json.dumps(k, ensure_ascii=False),
                               dump(v, indent + 1)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        if all(isinstance(x, str) for x in obj):
            return json.dumps(obj, ensure_ascii=False)
        items = [inner + dump(x, indent + 1) for x in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def render():
    data = build()
    errors = validate(data)
    if errors:
        raise SystemExit("invalid sample:\n  " + "\n  ".join(errors))
    text = dump(data) + "\n"
    assert json.loads(text) == data
    return text


def main(argv):
    text = render()
    if "--check" in argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("initiative.json is out of date; run generate.py")
                return 1
        return 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
