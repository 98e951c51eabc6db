// The schema of a rules file (rules/*.yaml): what a file holds before it is
// converted into a RuleSet (YFile and its parts), and the declarations of
// the LLVM YAML I/O traits that map and validate it (RulesSchema.cpp).
//
// Internal to the rules loader: parseRules() (RulesLoader.cpp) reads a YFile
// through these traits. It holds no conversion into the RuleSet and no
// file or folder handling.
#pragma once

#include "rules/Rules.h"

#include "llvm/Support/YAMLTraits.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rcuctx {
namespace rulesyaml {
// What a file holds, before conversion into the RuleSet.
struct YStep {
  StepOp Op = StepOp::Need;
  std::string Context;
  int Arg = -1;
  LockMode Mode = LockMode::Exclusive;
  std::optional<bool> Spins;
  int GfpArg = -1;
  int CondArg = -1;
  int ListEntryArg = -1, ListMemberArg = -1;
  bool Assertion = false;
  bool CondNegated = false;
  bool SuccessZero = false;
  std::string What;
  std::string LockClass;
  bool OnTrue = false;
  std::string State;
  bool Resched = false;
  bool OutsideInterrupt = false;
  bool FaultOnly = false;
  int SubclassArg = -1;
  std::vector<std::string> Holds;
  std::vector<std::string> OnReturn; // zero, error, valid
  std::vector<std::string> Classes;  // op returns: zero, error, valid
  int WhenArg = -1;
  bool Try = false;
};
struct YFunction {
  std::vector<std::string> Names;
  MatchKind Match = MatchKind::Any;
  std::vector<YStep> Steps;
};
struct YPredicate {
  std::vector<std::string> Names;
  std::string Context;
  int Arg = -1;
  std::string LockClass;
  LockMode Mode = LockMode::Any;
  int ModeArg = -1;
};
struct YLockType {
  std::string Type;
  bool Spins = true;
};
struct YEntryContext {
  std::string Name, Description;
  std::vector<std::string> Raised;
  bool LocksMayBeHeld = false;
  std::string Irq;
};
struct YIrqClass {
  std::string Class, UsedIn, Why;
};
struct YEntryInit {
  std::vector<std::string> Names;
  int ModeArg = -1;
  uint64_t ModeBits = 0;
  std::string Context, What;
};
struct YEntryField {
  std::string Struct;
  std::vector<std::string> Fields;
  std::string Context, What;
  std::vector<std::string> Holds;
  std::optional<YEntryInit> ByInit;
};
struct YTerm {
  std::vector<std::string> Names;
  std::vector<std::string> FalseExceptIn;
  std::string ArgClass;
};
struct YUpdateLock {
  std::string Field, Lock, Why;
};
struct YGfp {
  std::string ReclaimBitEnum;
  uint64_t ReclaimMask = 0;
};
struct YFile {
  int Version = 0;
  std::vector<YFunction> Functions;
  std::vector<YPredicate> Predicates;
  std::vector<YLockType> LockTypes;
  std::vector<YEntryContext> EntryContexts;
  std::vector<YEntryField> EntryFields;
  std::vector<YTerm> ConditionTerms;
  std::vector<YIrqClass> IrqLockClasses;
  std::vector<YUpdateLock> UpdateSideLocks;
  std::optional<YGfp> Gfp;
};
} // namespace rulesyaml
} // namespace rcuctx

LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YStep)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YFunction)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YPredicate)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YLockType)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YEntryContext)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YEntryField)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YTerm)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YIrqClass)
LLVM_YAML_IS_SEQUENCE_VECTOR(rcuctx::rulesyaml::YUpdateLock)

namespace llvm {
namespace yaml {
template <> struct ScalarEnumerationTraits<rcuctx::StepOp> {
  static void enumeration(IO &Io, rcuctx::StepOp &V);
};
template <> struct ScalarEnumerationTraits<rcuctx::LockMode> {
  static void enumeration(IO &Io, rcuctx::LockMode &V);
};
template <> struct ScalarEnumerationTraits<rcuctx::MatchKind> {
  static void enumeration(IO &Io, rcuctx::MatchKind &V);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YStep> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YStep &S);
  static std::string validate(IO &, rcuctx::rulesyaml::YStep &S);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YFunction> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YFunction &F);
  static std::string validate(IO &, rcuctx::rulesyaml::YFunction &F);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YPredicate> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YPredicate &P);
  static std::string validate(IO &, rcuctx::rulesyaml::YPredicate &P);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YLockType> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YLockType &L);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YEntryContext> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YEntryContext &C);
  static std::string validate(IO &, rcuctx::rulesyaml::YEntryContext &C);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YIrqClass> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YIrqClass &C);
  static std::string validate(IO &, rcuctx::rulesyaml::YIrqClass &C);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YEntryInit> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YEntryInit &I);
  static std::string validate(IO &, rcuctx::rulesyaml::YEntryInit &I);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YEntryField> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YEntryField &F);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YTerm> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YTerm &T);
  static std::string validate(IO &, rcuctx::rulesyaml::YTerm &T);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YUpdateLock> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YUpdateLock &U);
  static std::string validate(IO &, rcuctx::rulesyaml::YUpdateLock &U);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YGfp> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YGfp &G);
};
template <> struct MappingTraits<rcuctx::rulesyaml::YFile> {
  static void mapping(IO &Io, rcuctx::rulesyaml::YFile &F);
  static std::string validate(IO &, rcuctx::rulesyaml::YFile &F);
};
} // namespace yaml
} // namespace llvm
