#include "link/Components.h"

#include <algorithm>
#include <utility>

namespace rcuctx {

std::vector<std::vector<int>>
componentsBottomUp(int N, const std::function<const std::vector<int> &(int)> &Succ) {
  std::vector<std::vector<int>> Out;
  std::vector<int> Index(N, -1), Low(N, 0);
  std::vector<char> OnStack(N, 0);
  std::vector<int> Stack;
  int Next = 0;
  for (int Root = 0; Root < N; ++Root) {
    if (Index[Root] >= 0)
      continue;
    std::vector<std::pair<int, size_t>> Dfs{{Root, 0}};
    Index[Root] = Low[Root] = Next++;
    Stack.push_back(Root);
    OnStack[Root] = 1;
    while (!Dfs.empty()) {
      auto &[V, I] = Dfs.back();
      const std::vector<int> &Es = Succ(V);
      if (I < Es.size()) {
        int W = Es[I++];
        if (W < 0)
          continue;
        if (Index[W] < 0) {
          Index[W] = Low[W] = Next++;
          Stack.push_back(W);
          OnStack[W] = 1;
          Dfs.push_back({W, 0});
        } else if (OnStack[W]) {
          Low[V] = std::min(Low[V], Index[W]);
        }
        continue;
      }
      int Done = V;
      Dfs.pop_back();
      if (!Dfs.empty())
        Low[Dfs.back().first] = std::min(Low[Dfs.back().first], Low[Done]);
      if (Low[Done] == Index[Done]) {
        std::vector<int> Scc;
        int X;
        do {
          X = Stack.back();
          Stack.pop_back();
          OnStack[X] = 0;
          Scc.push_back(X);
        } while (X != Done);
        Out.push_back(std::move(Scc));
      }
    }
  }
  return Out;
}

} // namespace rcuctx
