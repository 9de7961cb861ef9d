#!/usr/bin/env python3
"""Peer figure: botocore's json.loads + ParamValidator.validate on the same
RestoreTableFromBackup request (botocore checks types, required, min/max,
enums - no patterns, no semantic rules). Prints ns per request."""
import json
import sys
import time

import botocore.session
from botocore.validate import ParamValidator

raw = open(sys.argv[1], "rb").read()
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
shape = botocore.session.get_session().get_service_model("dynamodb").operation_model("RestoreTableFromBackup").input_shape
validator = ParamValidator()
report = validator.validate(json.loads(raw), shape)
if report.has_errors():
    sys.exit("botocore rejects the bench request: " + report.generate_report())
t0 = time.perf_counter_ns()
for _ in range(iterations):
    validator.validate(json.loads(raw), shape)
ns = (time.perf_counter_ns() - t0) / iterations
print(json.dumps({"value": round(ns, 1), "unit": "ns/request", "iterations": iterations}))
