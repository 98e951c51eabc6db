#include "lockorder/LockOrder.h"

#include "report/FindingText.h"


namespace rcuctx {

size_t approxBytes(const std::vector<Note> &Notes) {
  size_t B = Notes.capacity() * sizeof(Note);
  for (const Note &N : Notes)
    B += N.Text.capacity();
  return B;
}

size_t approxBytes(const Acquisition &A) {
  size_t B = sizeof(Acquisition) + A.Class.capacity() + A.SiteNote.capacity() + A.Object.capacity() +
             approxBytes(A.Chain) + A.Dropped.capacity() * sizeof(std::string);
  for (const std::string &D : A.Dropped)
    B += D.capacity();
  return B;
}

bool irqsAsAtEntry(const ContextState &St) { return St.counter(ctx::Irq) == Interval(); }
bool bhAsAtEntry(const ContextState &St) {
  return irqsAsAtEntry(St) && St.counter(ctx::RcuBh) == Interval();
}

const char *acqModeName(AcqMode M) {
  switch (M) {
  case AcqMode::Write:
    return "write";
  case AcqMode::Read:
    return "read";
  case AcqMode::RecursiveRead:
    return "recursive-read";
  case AcqMode::Sync:
    return "sync";
  }
  return "write";
}

bool parseAcqMode(const std::string &S, AcqMode &M) {
  for (AcqMode X : {AcqMode::Write, AcqMode::Read, AcqMode::RecursiveRead, AcqMode::Sync})
    if (S == acqModeName(X)) {
      M = X;
      return true;
    }
  return false;
}

std::string describeClass(const std::string &Class) {
  if (ctx::isSrcu(Class))
    return "SRCU domain " + quoted(Class.substr(5));
  return quoted(Class);
}

} // namespace rcuctx
