"""``python -m plmkit`` prints the version; the cohort runner is ``python -m plmkit.cohort``."""

import plmkit

print(f"plmkit {plmkit.__version__}")
