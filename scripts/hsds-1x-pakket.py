#!/usr/bin/env python3
"""A synthetic HSDS 1.x package as US 211 directories publish it, for memory measurements of
`loket import` (issue 22): N services, N/20 organisations, a location, physical and postal
address, contact, phone, schedule and AIRS term per service, integer ids shared across tables,
`x_` columns.

    python3 scripts/hsds-1x-pakket.py 100000 /tmp/pakket-1x
    /usr/bin/time -v loket --gegevensmap /tmp/d --zonder-demo import /tmp/pakket-1x
"""
import csv
import os
import random
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(1)
    n_org = max(1, n // 20)
    terms = [(f"BD-{1000 + i}.{100 * j}", f"Term {i}-{j}") for i in range(40) for j in range(10)]

    def w(name, header, rows):
        with open(os.path.join(out, name), "w", newline="") as f:
            c = csv.writer(f)
            c.writerow(header)
            c.writerows(rows)

    w("organizations.csv", ["id", "name", "alternate_name", "description", "email", "url", "x_funder"],
      ((i, f"Organisation {i}", f"Org{i}", f"Helps people in county {i % 50}.", f"info{i}@org.example",
        f"https://org{i}.example", "United Way") for i in range(1, n_org + 1)))
    w("services.csv", ["id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
                       "fees", "x_intake"],
      ((i, 1 + i % n_org, f"Service {i} {rnd.choice(['Food Pantry', 'Shelter', 'Legal Aid', 'Counseling'])}",
        f"S{i}", f"Description of service {i}, weekly.", "", "", "active", "Free", "walk-in")
       for i in range(1, n + 1)))
    w("locations.csv", ["id", "organization_id", "name", "alternate_name", "description", "transportation",
                        "latitude", "longitude"],
      ((i, 1 + i % n_org, f"Location {i}", "", "Behind the church", "Bus 4",
        f"{39 + rnd.random():.4f}", f"{-89 - rnd.random():.4f}") for i in range(1, n + 1)))
    w("services_at_location.csv", ["id", "service_id", "location_id", "description"],
      ((i, i, i, "") for i in range(1, n + 1)))
    addr = ["id", "location_id", "attention", "address_1", "address_2", "address_3", "address_4", "city",
            "region", "state_province", "postal_code", "country"]
    w("physical_addresses.csv", addr,
      ((i, i, "", f"{i} Main Street", "", "", "", "Springfield", "", "IL", f"{62700 + i % 99}", "US")
       for i in range(1, n + 1)))
    w("postal_addresses.csv", addr,
      ((n + i, i, "", f"PO Box {i}", "", "", "", "Springfield", "", "IL", "62705", "US")
       for i in range(1, n + 1)))
    w("contacts.csv", ["id", "organization_id", "service_id", "service_at_location_id", "name", "title",
                       "department", "email"],
      ((i, "", i, "", f"Contact {i}", "Intake Coordinator", "", f"c{i}@org.example") for i in range(1, n + 1)))
    w("phones.csv", ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
                     "number", "extension", "type", "language", "description"],
      ((i, "", i, "", "", "", f"217-555-{i % 10000:04d}", "12", "voice", "", "intake") for i in range(1, n + 1)))
    w("regular_schedules.csv", ["id", "service_id", "location_id", "service_at_location_id", "weekday", "opens_at",
                                "closes_at", "original_text"],
      ((i, i, "", "", "Monday", "09:00", "12:00", "Mondays 9-noon except holidays") for i in range(1, n + 1)))
    w("services_taxonomy.csv", ["id", "service_id", "taxonomy_id", "taxonomy_detail"],
      ((i, i, terms[i % len(terms)][0], "") for i in range(1, n + 1)))
    w("taxonomy.csv", ["id", "name", "parent_id", "parent_name", "vocabulary"],
      ((t, name, "", "", "AIRS") for t, name in terms))


if __name__ == "__main__":
    main()
