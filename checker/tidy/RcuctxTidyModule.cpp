// The clang-tidy front end: `clang-tidy --load=librcuctx-tidy.so
// -checks='-*,rcuctx-*'`. Registers one check per finding kind; they share
// the analysis library with the plugin.
#include "tidy/BlockingStateCheck.h"
#include "tidy/GracePeriodCheck.h"
#include "tidy/IrqSafetyCheck.h"
#include "tidy/LockHeldCheck.h"
#include "tidy/LockOrderCheck.h"
#include "tidy/LockdepConditionCheck.h"
#include "tidy/MissingAnnotationCheck.h"
#include "tidy/RcuSectionCheck.h"
#include "tidy/SleepInAtomicCheck.h"
#include "tidy/StalePointerCheck.h"
#include "tidy/UnbalancedCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace rcuctx {
namespace tidy {

class RcuctxTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &F) override {
    F.registerCheck<RcuSectionCheck>("rcuctx-rcu-section");
    F.registerCheck<LockdepConditionCheck>("rcuctx-lockdep-condition");
    F.registerCheck<LockHeldCheck>("rcuctx-lock-held");
    F.registerCheck<SleepInAtomicCheck>("rcuctx-sleep-in-atomic");
    F.registerCheck<UnbalancedCheck>("rcuctx-unbalanced");
    F.registerCheck<StalePointerCheck>("rcuctx-stale-rcu-pointer");
    F.registerCheck<MissingAnnotationCheck>("rcuctx-missing-annotation");
    F.registerCheck<LockOrderCheck>("rcuctx-lock-order");
    F.registerCheck<GracePeriodCheck>("rcuctx-grace-period");
    F.registerCheck<BlockingStateCheck>("rcuctx-blocking-state");
    F.registerCheck<IrqSafetyCheck>("rcuctx-irq-safety");
  }
};

} // namespace tidy
} // namespace rcuctx

static clang::tidy::ClangTidyModuleRegistry::Add<rcuctx::tidy::RcuctxTidyModule>
    X("rcuctx-module", "RCU and lock-context checks.");
