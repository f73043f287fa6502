#include "payback/server/snapshot_warmer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

constexpr const char* kSettings = R"(conversions:
  - name: Purchase
    event: purchase
    value: amount
    window: 7d
)";

constexpr const char* kEvents = R"(user_id,ts,event,campaign_id,message_id,amount
u1,2026-03-01T10:00:00Z,delivered,c1,,
u1,2026-03-01T10:05:00Z,clicked,c1,,
u1,2026-03-01T11:00:00Z,purchase,,,25.50
u2,2026-03-01T09:00:00Z,delivered,c2,m1,
u2,2026-03-02T09:00:00Z,purchase,,,10
)";

class SnapshotWarmerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = temp_.File("ws");
    ASSERT_TRUE(Workspace::Init(dir).ok());
    auto opened = Workspace::Open(dir);
    ASSERT_TRUE(opened.ok());
    workspace_ = std::make_unique<Workspace>(std::move(opened).value());
    ASSERT_TRUE(workspace_->ApplySettings(kSettings, "settings.yaml").ok());
    std::ofstream(temp_.File("events.csv")) << kEvents;
    ASSERT_TRUE(workspace_->Ingest(IngestKind::kEvents, temp_.File("events.csv"), {}).ok());
    ASSERT_TRUE(workspace_->RunReport(ReportRequest{}).ok());  // saves the scan
  }

  /// A snapshot whose first report came from the saved scan, without the events.
  WorkspaceSnapshot ColdSnapshot() {
    auto snapshot = workspace_->Snapshot();
    EXPECT_TRUE(snapshot.ok());
    EXPECT_TRUE(snapshot->RunReport(ReportRequest{}).ok());
    EXPECT_FALSE(snapshot->EventsLoaded());
    return *snapshot;
  }

  TempDir temp_;
  std::unique_ptr<Workspace> workspace_;
};

TEST_F(SnapshotWarmerTest, LoadsTheEventsOfTheSnapshotsItIsGiven) {
  const WorkspaceSnapshot first = ColdSnapshot();
  const WorkspaceSnapshot second = ColdSnapshot();
  SnapshotWarmer warmer;
  warmer.Warm(first);
  warmer.WaitIdle();
  EXPECT_TRUE(first.EventsLoaded());
  warmer.Warm(second);
  warmer.WaitIdle();
  EXPECT_TRUE(second.EventsLoaded());
  ReportRequest filtered;
  filtered.filter.campaign_ids = {"c2"};
  auto report = second.RunReport(filtered);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->tiles.reached_users, 1);
}

TEST_F(SnapshotWarmerTest, StopsWithWorkPendingAndIdlesWithoutAny) {
  SnapshotWarmer idle;
  idle.WaitIdle();  // nothing to wait for
  auto warmer = std::make_unique<SnapshotWarmer>();
  warmer->Warm(ColdSnapshot());
  warmer->Warm(ColdSnapshot());
  warmer.reset();  // joins the warm-up under way (a hang or a crash fails); drops the pending
}

}  // namespace
}  // namespace payback
