#!/usr/bin/env python3
"""Times ciw on one M/M/c loss queue (c slots, no waiting room): arrivals per second and mean
service seconds as given, for a simulated span; prints microseconds per simulated customer and
the refused share, to compare with capplan's figures for the same queue."""
import sys
import time

import ciw

rate, aht, slots, span = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
net = ciw.create_network(
    arrival_distributions=[ciw.dists.Exponential(rate=rate)],
    service_distributions=[ciw.dists.Exponential(rate=1.0 / aht)],
    number_of_servers=[slots],
    queue_capacities=[0],
)
ciw.seed(1)
sim = ciw.Simulation(net)
t = time.perf_counter()
sim.simulate_until_max_time(span)
took = time.perf_counter() - t
records = sim.get_all_records()
# ciw 3 keeps a record per customer, refused ones with record_type "rejection".
refused = sum(1 for r in records if getattr(r, "record_type", "service") == "rejection")
customers = len(records)
print(f"ciw {ciw.__version__}: {customers} customers in {took:.2f} s, "
      f"{took / customers * 1e6:.1f} us per customer, refused {refused / max(customers, 1):.4f}")
