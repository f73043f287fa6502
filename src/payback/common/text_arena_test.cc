#include "payback/common/text_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace payback {
namespace {

TEST(TextArena, CopiesStayValidAcrossBlocksAndLongTexts) {
  TextArena arena;
  std::vector<std::string> texts;
  std::vector<std::string_view> copies;
  // Enough to fill several 1 MiB blocks, with a text longer than a block among them.
  for (int idx = 0; idx < 200'000; ++idx) {
    texts.push_back("user-" + std::to_string(idx) +
                    std::string(static_cast<size_t>(idx % 13), 'x'));
    if (idx == 100'000) texts.back() = std::string(3 << 20, 'L');
    copies.push_back(arena.Copy(texts.back()));
    ASSERT_NE(copies.back().data(), texts.back().data());
  }
  for (size_t idx = 0; idx < texts.size(); ++idx) ASSERT_EQ(copies[idx], texts[idx]) << idx;
  EXPECT_TRUE(arena.Copy("").empty());
}

TEST(TextArena, MovedFromArenaIsEmptyAndUsable) {
  TextArena arena;
  const std::string_view kept = arena.Copy("kept");
  TextArena moved(std::move(arena));
  EXPECT_EQ(kept, "kept");                  // the blocks moved with it
  EXPECT_EQ(arena.Copy("again"), "again");  // NOLINT(bugprone-use-after-move): reuse is allowed
  TextArena assigned;
  assigned.Copy("old");
  assigned = std::move(moved);
  EXPECT_EQ(kept, "kept");
  EXPECT_EQ(moved.Copy("and again"), "and again");  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace payback
