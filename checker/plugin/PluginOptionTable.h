// The plugin's options, in one table: the plugin's own `help` and its
// unknown-argument error list them from here, and so does the rcuctx(1) man
// page (rcuctx --print-man), so the three cannot drift apart.
#pragma once

namespace rcuctx {

struct PluginOptionDoc {
  const char *Name;    // as written after -fplugin-arg-rcuctx-
  const char *Meaning;
};

inline constexpr PluginOptionDoc PluginOptionTable[] = {
    {"rules=FILE", "add a rules file (repeatable; later files refine earlier ones by name)"},
    {"rules-dir=DIR", "load the bundled rules from DIR; wins over $RCUCTX_RULES_DIR, which wins over "
                      "the rules installed next to the plugin (<prefix>/share/rcuctx/rules)"},
    {"no-bundled-rules", "do not load the bundled kernel rules"},
    {"strict", "also report violations on some (not every) path"},
    {"no-indirect", "leave calls through function pointers unknown (by default each function the "
                    "file stores into the slot is judged as a direct call would be)"},
    {"werror", "report findings as errors (by default they never turn a build red)"},
    {"disable=CHECK", "silence one check (repeatable)"},
    {"summary-dir=DIR", "also write this file's summary into DIR, for the whole-program link "
                        "(rcuctx --summaries DIR); safe under make -j"},
    {"version", "print rcuctx's version, the LLVM it was built against and every rules file "
                "loaded with its SHA-256 (on stderr), then check as usual"},
    {"help", "print these options (on stderr)"},
};

} // namespace rcuctx
