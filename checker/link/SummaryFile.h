// Summary files: a TU's record (TuRecord.h) as versioned JSON, written by
// the plugin (-fplugin-arg-rcuctx-summary-dir=DIR) and by the tool, read by
// the link. Locations are stored as (file, line, column) and come back as
// locations in the link's own SourceManager, so findings and notes across
// files render like any clang diagnostic.
//
// Reading validates everything: a file that is not JSON, has another
// format version, lacks a field or has a wrong type, or was written for a
// source file that has changed since, is an error naming the file and the
// place in it.
#pragma once

#include "link/TuRecord.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Error.h"

namespace rcuctx {

/// 2: functions say which lock classes they may release from their entry
/// ("releases_entry"); a version-1 file lacks that and would be trusted wrongly.
/// 3: mode keys name bits and fields of parameters (transfer/ModeKey.h), and
/// call sites record the bits and const-object fields of their arguments
/// ("bits", "fields"); a version-2 file lacks those and would leave such
/// modes open.
/// 4: functions name the object they take or drop a lock class through
/// ("lock_objects"); a version-3 file lacks that, and its callers holding
/// two instances of a class would read a wrapper's unlock as the class's.
/// 5: functions say which RCU pointers they leave in what their parameters
/// point to ("writes_rcu"); a version-4 file lacks that, and a stale use of
/// an iterator it filled would go unseen.
/// 6: sleeps say whether they are user accesses that fail instead under
/// pagefault_disable() ("fault_only"), and pointer-returning functions the
/// classes their value surely takes ("return_classes"); a version-5 file
/// lacks those and would bring back sleeps under pagefault_disable().
/// 7: states say which named flag bits their path tested ("flags"), and
/// exits per class may name one constant (class 8, "const"); a version-6
/// file lacks those, and a callee's sleep under the bit set would be a
/// caller's bug where it found the bit clear.
/// 8: functions that leave a lock class held through several parameters'
/// objects name them ("lock_object_sets"); a version-7 file lacks that, and
/// its callers would read the first unlock of one as the class's.
constexpr int SummaryFormatVersion = 8;

/// The record as JSON text.
std::string writeSummary(const TuRecord &R, const clang::SourceManager &SM);

/// A hash of what a function's summary says, locations as file, line and
/// column: equal for equal effects in any run (the incremental cache
/// compares imported effects with it).
std::string effectFingerprint(const Summary &S, const clang::SourceManager &SM);

/// Writes the record into Dir under a name derived from the TU's path,
/// atomically (parallel builds may write the same folder).
llvm::Error writeSummaryFile(const TuRecord &R, const clang::SourceManager &SM,
                             llvm::StringRef Dir);

/// Reads a summary; its locations are made in SM (files are loaded from
/// disk, or stand-ins when a file is gone). CheckStale: fail if the TU's
/// source has changed since the summary was written.
llvm::Expected<TuRecord> readSummary(llvm::StringRef Path, llvm::StringRef Text,
                                     clang::SourceManager &SM, bool CheckStale = true);
llvm::Expected<TuRecord> readSummaryFile(llvm::StringRef Path, clang::SourceManager &SM,
                                         bool CheckStale = true);

} // namespace rcuctx
