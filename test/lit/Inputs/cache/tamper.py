"""Damages entries of an rcuctx --cache folder the way a test needs:
   tamper.py DIR truncate|edit-summary|other-version|to-temporary
Acts on the entry of the file whose path ends with $CACHE_FILE (default callers.c)."""
import glob, json, os, sys

root, how = sys.argv[1], sys.argv[2]
want = os.environ.get("CACHE_FILE", "callers.c")
for path in glob.glob(os.path.join(root, "*", "*.json")):
    with open(path) as f:
        entry = json.load(f)
    if not entry["file"].endswith(want):
        continue
    if how == "truncate":  # a disk that filled up, a copy cut short
        with open(path, "r+") as f:
            f.truncate(os.path.getsize(path) // 2)
    elif how == "edit-summary":  # still JSON, but not what was written
        entry["summary"] = entry["summary"].replace('"findings":[', '"findings":[ ', 1)
        with open(path, "w") as f:
            json.dump(entry, f)
    elif how == "other-version":
        entry["self"] = "0.0.0+other"
        with open(path, "w") as f:
            json.dump(entry, f)
    elif how == "to-temporary":  # what a run killed before its rename leaves
        os.rename(path, path + ".tmp-abc123")
    print("tampered:", os.path.basename(path))
    break
else:
    sys.exit("no entry for " + want)
