"""URL-walk samples for core's own parameters."""

# The contacts picker labels each contact with its client's name: the walk
# checks that no side is shown the other client's.
SAMPLES = {"picker_name": lambda side, cb: "contacts"}
