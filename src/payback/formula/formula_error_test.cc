#include "payback/formula/formula_error.h"

#include <gtest/gtest.h>

namespace payback {
namespace {

Status ErrorAtColumn(int64_t column) {
  ErrorLocation location;
  location.column = column;
  return Status::InvalidInput("problem", location);
}

TEST(RenderErrorWithCaret, PutsTheCaretUnderTheColumn) {
  EXPECT_EQ(RenderErrorWithCaret("Revenue / Delivred", ErrorAtColumn(11)),
            "column 11: problem\nRevenue / Delivred\n          ^");
}

TEST(RenderErrorWithCaret, PointsOnePastTheEnd) {
  EXPECT_EQ(RenderErrorWithCaret("(1", ErrorAtColumn(3)), "column 3: problem\n(1\n  ^");
}

TEST(RenderErrorWithCaret, CountsCharactersAndKeepsTabs) {
  EXPECT_EQ(RenderErrorWithCaret("\xC3\xA9\tx", ErrorAtColumn(3)),
            "column 3: problem\n\xC3\xA9\tx\n \t^");
}

TEST(RenderErrorWithCaret, ShowsOnlyTheLineOfTheColumn) {
  EXPECT_EQ(RenderErrorWithCaret("Sent;\r\n  Bad", ErrorAtColumn(10)),
            "column 10: problem\n  Bad\n  ^");
}

TEST(RenderErrorWithCaret, WithoutColumnGivesTheMessageOnly) {
  EXPECT_EQ(RenderErrorWithCaret("x", Status::InvalidInput("problem")), "problem");
  EXPECT_EQ(RenderErrorWithCaret("x", Status::Ok()), "");
}

}  // namespace
}  // namespace payback
