#include "facts/SourceAnnotations.h"

#include "facts/MainFile.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

using namespace clang;
using namespace rcuctx;

namespace {
class Handler : public CommentHandler {
public:
  explicit Handler(SourceAnnotations &Into) : Into(Into) {}
  bool HandleComment(Preprocessor &PP, SourceRange Comment) override {
    const SourceManager &SM = PP.getSourceManager();
    // An annotation speaks of a function of the main file, written in it:
    // the headers' comments (tens of thousands) are passed over without
    // reading their text.
    if (!Main)
      Main.emplace(SM);
    if (!Main->contains(Comment.getBegin()))
      return false;
    bool Invalid = false;
    const char *Begin = SM.getCharacterData(Comment.getBegin(), &Invalid);
    if (Invalid)
      return false;
    unsigned Len = SM.getFileOffset(Comment.getEnd()) - SM.getFileOffset(Comment.getBegin());
    llvm::StringRef Text(Begin, Len);
    // The comment must *be* the statement: `// rcuctx-entry: NAME` or
    // `/* rcuctx-entry: NAME */`, not prose that mentions it.
    if (!Text.consume_front("//") && !Text.consume_front("/*"))
      return false;
    Text = Text.ltrim();
    if (!Text.consume_front("rcuctx-entry:"))
      return false;
    llvm::StringRef Rest = Text.ltrim();
    llvm::StringRef Name = Rest.take_while([](char C) { return isalnum(C) || C == '-' || C == '_'; });
    Into.Entries.push_back({Comment.getBegin(), Name.str()});
    return false;
  }

private:
  SourceAnnotations &Into;
  std::optional<MainFileSpan> Main;
};
} // namespace

std::unique_ptr<CommentHandler> SourceAnnotations::makeHandler(SourceAnnotations &Into) {
  return std::make_unique<Handler>(Into);
}
