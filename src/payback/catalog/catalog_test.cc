#include "payback/catalog/catalog.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "payback/common/temp_dir_for_test.h"

namespace payback {
namespace {

CampaignRecord FullCampaign() {
  CampaignRecord record;
  record.campaign_id = "c-42";
  record.name = "Shoes Promotion, \"spring\"";
  record.status = "running";
  record.created_by = "ana";
  record.labels = {"Promotional", "Spring; 2026", ""};
  record.journey_id = "j-7";
  record.channel = "push";
  record.delivery_type = "on_publish";
  record.kind = "broadcast";
  record.goal_type = "business";
  record.expenses = 1'234'560'000;  // 1234.56
  record.promoted_products = {"credit_card", "savings"};
  record.influence_days = 30;
  record.start = 1'772'323'200'000'000;  // 2026-03-01T00:00:00Z
  record.end = -5;                       // before the epoch: signs survive
  return record;
}

TEST(Catalog, CreateThenOpen) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  {
    auto created = Catalog::Create(path);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    auto segments = created->Segments();
    ASSERT_TRUE(segments.ok());
    EXPECT_TRUE(segments->empty());
  }
  auto opened = Catalog::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto campaigns = opened->Campaigns();
  ASSERT_TRUE(campaigns.ok());
  EXPECT_TRUE(campaigns->empty());
}

TEST(Catalog, CreateTwiceIsAlreadyExists) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  ASSERT_TRUE(Catalog::Create(path).ok());
  EXPECT_EQ(Catalog::Create(path).status().code(), StatusCode::kAlreadyExists);
  // The existing catalog is untouched.
  EXPECT_TRUE(Catalog::Open(path).ok());
}

TEST(Catalog, OpenMissingIsNotFound) {
  TempDir dir;
  EXPECT_EQ(Catalog::Open(dir.File("nothing.sqlite")).status().code(), StatusCode::kNotFound);
  // Opening must not create the file.
  EXPECT_FALSE(std::filesystem::exists(dir.File("nothing.sqlite")));
}

TEST(Catalog, CommitSegmentAssignsIncreasingIdsAndListsInCommitOrder) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  auto catalog = Catalog::Create(path);
  ASSERT_TRUE(catalog.ok());
  std::vector<int64_t> ids;
  for (int idx = 0; idx < 3; ++idx) {
    SegmentRecord segment;
    segment.file = "seg-" + std::to_string(idx) + ".seg";
    segment.kind = "events";
    segment.rows = 100 + idx;
    segment.source = "events" + std::to_string(idx) + ".csv";
    auto id = catalog->CommitSegment(segment, idx);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  auto segments = catalog->Segments();
  ASSERT_TRUE(segments.ok());
  ASSERT_EQ(segments->size(), 3u);
  for (int idx = 0; idx < 3; ++idx) {
    const SegmentRecord& segment = (*segments)[idx];
    EXPECT_EQ(segment.id, ids[idx]);
    EXPECT_EQ(segment.file, "seg-" + std::to_string(idx) + ".seg");
    EXPECT_EQ(segment.kind, "events");
    EXPECT_EQ(segment.rows, 100 + idx);
    EXPECT_EQ(segment.source, "events" + std::to_string(idx) + ".csv");
    EXPECT_FALSE(segment.ingested_at.empty());
  }
  // Durable: another connection sees the same manifest.
  auto reopened = Catalog::Open(path);
  ASSERT_TRUE(reopened.ok());
  auto again = reopened->Segments();
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 3u);
  EXPECT_EQ((*again)[2].id, ids[2]);
}

TEST(Catalog, CommitSegmentWithADuplicateFileFailsAndChangesNothing) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  SegmentRecord segment;
  segment.file = "same.seg";
  segment.kind = "events";
  segment.rows = 1;
  segment.source = "a.csv";
  ASSERT_TRUE(catalog->CommitSegment(segment, 0).ok());
  auto version = catalog->DataVersion();
  ASSERT_TRUE(version.ok());
  EXPECT_FALSE(catalog->CommitSegment(segment, 0).ok());
  auto segments = catalog->Segments();
  ASSERT_TRUE(segments.ok());
  EXPECT_EQ(segments->size(), 1u);
  auto version_after = catalog->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_EQ(*version_after, *version);
  // The catalog still works after the failed transaction.
  segment.file = "other.seg";
  EXPECT_TRUE(catalog->CommitSegment(segment, 0).ok());
}

TEST(Catalog, UpsertCampaignsRoundTripsEveryField) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  auto catalog = Catalog::Create(path);
  ASSERT_TRUE(catalog.ok());
  const CampaignRecord full = FullCampaign();
  CampaignRecord minimal;  // only the id: optionals stay nullopt, lists empty
  minimal.campaign_id = "a-minimal";
  CampaignRecord zeros = minimal;  // optionals present with value 0 differ from nullopt
  zeros.campaign_id = "b-zeros";
  zeros.expenses = 0;
  zeros.influence_days = 0;
  zeros.start = 0;
  zeros.end = 0;
  ASSERT_TRUE(catalog->UpsertCampaigns({full, minimal, zeros}, "campaigns.csv", 0).ok());

  auto reopened = Catalog::Open(path);
  ASSERT_TRUE(reopened.ok());
  auto campaigns = reopened->Campaigns();
  ASSERT_TRUE(campaigns.ok());
  ASSERT_EQ(campaigns->size(), 3u);
  // Ordered by campaign_id.
  EXPECT_EQ((*campaigns)[0], minimal);
  EXPECT_EQ((*campaigns)[1], zeros);
  EXPECT_EQ((*campaigns)[2], full);
  EXPECT_FALSE((*campaigns)[0].expenses.has_value());
  EXPECT_FALSE((*campaigns)[0].influence_days.has_value());
  EXPECT_FALSE((*campaigns)[0].start.has_value());
  EXPECT_FALSE((*campaigns)[0].end.has_value());
  EXPECT_EQ((*campaigns)[1].expenses, std::optional<Micros>(0));
  EXPECT_EQ((*campaigns)[2].labels, (std::vector<std::string>{"Promotional", "Spring; 2026", ""}));
}

TEST(Catalog, UpsertReplacesTheWholeRecord) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  ASSERT_TRUE(catalog->UpsertCampaigns({FullCampaign()}, "a.csv", 0).ok());
  CampaignRecord replacement;
  replacement.campaign_id = "c-42";
  replacement.name = "Renamed";
  replacement.labels = {"Other"};
  CampaignRecord second;
  second.campaign_id = "c-1";
  ASSERT_TRUE(catalog->UpsertCampaigns({replacement, second}, "b.csv", 2).ok());
  auto campaigns = catalog->Campaigns();
  ASSERT_TRUE(campaigns.ok());
  ASSERT_EQ(campaigns->size(), 2u);
  EXPECT_EQ((*campaigns)[0], second);
  EXPECT_EQ((*campaigns)[1], replacement);
  EXPECT_FALSE((*campaigns)[1].expenses.has_value());
}

TEST(Catalog, UpsertOfNothingSucceeds) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  EXPECT_TRUE(catalog->UpsertCampaigns({}, "empty.csv", 0).ok());
  auto campaigns = catalog->Campaigns();
  ASSERT_TRUE(campaigns.ok());
  EXPECT_TRUE(campaigns->empty());
}

/// Runs `sql` on the catalog file through a connection of its own; returns the first column of
/// the first row as text ("" when there is none).
std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  std::string text;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return text;
}

TEST(Catalog, UpsertTimesheetsRoundTripsInDayAgentCampaignOrder) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  auto catalog = Catalog::Create(path);
  ASSERT_TRUE(catalog.ok());
  const TimesheetRecord late{"a1", "c1", 20'513, 7'500'000};
  const TimesheetRecord unbooked{"b2", "", 20'512, 0};
  const TimesheetRecord booked{"b2", "c9", 20'512, 1};
  const TimesheetRecord first_agent{"a9", "c1", 20'512, 24'000'000};
  const TimesheetRecord before_epoch{"z", "c1", -3, 500'000};
  ASSERT_TRUE(catalog
                  ->UpsertTimesheets({late, booked, unbooked, first_agent, before_epoch},
                                     "timesheets.csv", 1)
                  .ok());
  auto reopened = Catalog::Open(path);
  ASSERT_TRUE(reopened.ok());
  auto timesheets = reopened->Timesheets();
  ASSERT_TRUE(timesheets.ok()) << timesheets.status().ToString();
  EXPECT_EQ(*timesheets,
            (std::vector<TimesheetRecord>{before_epoch, first_agent, unbooked, booked, late}));
  // The ingest is logged under its own kind, with its row counts.
  EXPECT_EQ(QueryText(path,
                      "SELECT kind || ',' || source || ',' || rows || ',' || rejected_rows "
                      "FROM ingest_log ORDER BY id DESC LIMIT 1"),
            "timesheets,timesheets.csv,5,1");
}

TEST(Catalog, UpsertTimesheetsReplacesTheSameIdentityAndKeepsTheRest) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  ASSERT_TRUE(catalog
                  ->UpsertTimesheets({{"a1", "c1", 100, 8'000'000}, {"a1", "", 100, 1'000'000}},
                                     "week1.csv", 0)
                  .ok());
  // The same agent, campaign and day: the hours are replaced, not added.
  ASSERT_TRUE(catalog
                  ->UpsertTimesheets({{"a1", "c1", 100, 6'000'000}, {"a1", "c1", 101, 2'000'000}},
                                     "week1-fixed.csv", 0)
                  .ok());
  auto timesheets = catalog->Timesheets();
  ASSERT_TRUE(timesheets.ok());
  EXPECT_EQ(*timesheets, (std::vector<TimesheetRecord>{{"a1", "", 100, 1'000'000},
                                                       {"a1", "c1", 100, 6'000'000},
                                                       {"a1", "c1", 101, 2'000'000}}));
  EXPECT_TRUE(catalog->UpsertTimesheets({}, "empty.csv", 0).ok());
  auto unchanged = catalog->Timesheets();
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->size(), 3u);
}

TEST(Catalog, OpeningACatalogFromBeforeTimesheetsAddsTheTable) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  {
    auto catalog = Catalog::Create(path);
    ASSERT_TRUE(catalog.ok());
    ASSERT_TRUE(catalog->UpsertCampaigns({FullCampaign()}, "c.csv", 0).ok());
  }
  // A workspace created before timesheets existed has no such table.
  EXPECT_EQ(QueryText(path, "DROP TABLE timesheets"), "");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'timesheets'"), "0");
  auto opened = Catalog::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto empty = opened->Timesheets();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(opened->UpsertTimesheets({{"a1", "c-42", 5, 3'000'000}}, "t.csv", 0).ok());
  auto campaigns = opened->Campaigns();
  ASSERT_TRUE(campaigns.ok());
  EXPECT_EQ(campaigns->size(), 1u);  // the rest of the catalog is untouched
  auto timesheets = opened->Timesheets();
  ASSERT_TRUE(timesheets.ok());
  EXPECT_EQ(timesheets->size(), 1u);
}

TEST(Catalog, UpsertSnapshotsRoundTripsInAccountMonthOrder) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  auto catalog = Catalog::Create(path);
  ASSERT_TRUE(catalog.ok());
  const AccountSnapshot b_march{"b", 674, 100'250'000, -1'500'000};
  const AccountSnapshot a_april{"a", 675, -2'000'000'000, 0};
  const AccountSnapshot a_march{"a", 674, 1, -1};
  const AccountSnapshot upper{"B", 674, 9'000'000, 9'000'000};  // 'B' sorts before 'a'
  const AccountSnapshot before_epoch{"a", -1, 5, 5};
  ASSERT_TRUE(
      catalog->UpsertSnapshots({b_march, a_april, a_march, upper, before_epoch}, "s.csv", 2).ok());
  auto reopened = Catalog::Open(path);
  ASSERT_TRUE(reopened.ok());
  auto snapshots = reopened->Snapshots();
  ASSERT_TRUE(snapshots.ok()) << snapshots.status().ToString();
  EXPECT_EQ(*snapshots,
            (std::vector<AccountSnapshot>{upper, before_epoch, a_march, a_april, b_march}));
  EXPECT_EQ(QueryText(path,
                      "SELECT kind || ',' || source || ',' || rows || ',' || rejected_rows "
                      "FROM ingest_log ORDER BY id DESC LIMIT 1"),
            "snapshots,s.csv,5,2");
}

TEST(Catalog, UpsertSnapshotsReplacesTheSameIdentityAndKeepsTheRest) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  ASSERT_TRUE(
      catalog->UpsertSnapshots({{"a1", 674, 100, 10}, {"a2", 674, 200, 20}}, "m1.csv", 0).ok());
  auto version = catalog->DataVersion();
  ASSERT_TRUE(version.ok());
  // The same account and month: balance and profit are replaced, not added.
  ASSERT_TRUE(
      catalog->UpsertSnapshots({{"a1", 674, 150, -15}, {"a1", 675, 300, 30}}, "m1-fixed.csv", 0)
          .ok());
  auto snapshots = catalog->Snapshots();
  ASSERT_TRUE(snapshots.ok());
  EXPECT_EQ(*snapshots, (std::vector<AccountSnapshot>{
                            {"a1", 674, 150, -15}, {"a1", 675, 300, 30}, {"a2", 674, 200, 20}}));
  auto version_after = catalog->DataVersion();
  ASSERT_TRUE(version_after.ok());
  EXPECT_GT(*version_after, *version);
  // The timesheets are another table.
  auto timesheets = catalog->Timesheets();
  ASSERT_TRUE(timesheets.ok());
  EXPECT_TRUE(timesheets->empty());
}

TEST(Catalog, OpeningACatalogFromBeforeSnapshotsAddsTheTable) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  {
    auto catalog = Catalog::Create(path);
    ASSERT_TRUE(catalog.ok());
    ASSERT_TRUE(catalog->UpsertTimesheets({{"a1", "", 5, 3'000'000}}, "t.csv", 0).ok());
  }
  EXPECT_EQ(QueryText(path, "DROP TABLE snapshots"), "");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM sqlite_master WHERE name = 'snapshots'"), "0");
  auto opened = Catalog::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto empty = opened->Snapshots();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(opened->UpsertSnapshots({{"acc", 674, 1, 2}}, "s.csv", 0).ok());
  auto snapshots = opened->Snapshots();
  ASSERT_TRUE(snapshots.ok());
  EXPECT_EQ(*snapshots, (std::vector<AccountSnapshot>{{"acc", 674, 1, 2}}));
  EXPECT_EQ(opened->Timesheets()->size(), 1u);  // the rest of the catalog is untouched
}

TEST(Catalog, SettingsHistoryKeepsTheLatest) {
  TempDir dir;
  const std::string path = dir.File("catalog.sqlite");
  auto catalog = Catalog::Create(path);
  ASSERT_TRUE(catalog.ok());
  auto none = catalog->CurrentSettings();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(catalog->SaveSettings("timezone: UTC\n").ok());
  auto first = catalog->CurrentSettings();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, std::optional<std::string>("timezone: UTC\n"));
  ASSERT_TRUE(catalog->SaveSettings("timezone: Europe/Paris\ncurrency: EUR\n").ok());
  ASSERT_TRUE(catalog->SaveSettings("").ok());  // an empty file is valid settings
  auto reopened = Catalog::Open(path);
  ASSERT_TRUE(reopened.ok());
  auto latest = reopened->CurrentSettings();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, std::optional<std::string>(""));
}

TEST(Catalog, DataVersionIncreasesWithEveryIngest) {
  TempDir dir;
  auto catalog = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(catalog.ok());
  auto v0 = catalog->DataVersion();
  ASSERT_TRUE(v0.ok());
  SegmentRecord segment;
  segment.file = "a.seg";
  segment.kind = "events";
  segment.rows = 5;
  segment.source = "a.csv";
  ASSERT_TRUE(catalog->CommitSegment(segment, 0).ok());
  auto v1 = catalog->DataVersion();
  ASSERT_TRUE(v1.ok());
  EXPECT_GT(*v1, *v0);
  ASSERT_TRUE(catalog->UpsertCampaigns({FullCampaign()}, "c.csv", 0).ok());
  auto v2 = catalog->DataVersion();
  ASSERT_TRUE(v2.ok());
  EXPECT_GT(*v2, *v1);
  ASSERT_TRUE(catalog->UpsertTimesheets({{"a1", "", 1, 1'000'000}}, "t.csv", 0).ok());
  auto v3 = catalog->DataVersion();
  ASSERT_TRUE(v3.ok());
  EXPECT_GT(*v3, *v2);
  // Settings are not data: the version stays.
  ASSERT_TRUE(catalog->SaveSettings("currency: EUR\n").ok());
  auto v4 = catalog->DataVersion();
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(*v4, *v3);
}

TEST(Catalog, MovedCatalogKeepsWorking) {
  TempDir dir;
  auto created = Catalog::Create(dir.File("catalog.sqlite"));
  ASSERT_TRUE(created.ok());
  Catalog catalog = std::move(created).value();
  Catalog moved = std::move(catalog);
  EXPECT_TRUE(moved.SaveSettings("x: 1\n").ok());
  auto settings = moved.CurrentSettings();
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(*settings, std::optional<std::string>("x: 1\n"));
}

}  // namespace
}  // namespace payback
