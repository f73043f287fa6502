#include "payback/store/event_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <deque>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>

#include "payback/common/decimal.h"
#include "payback/common/exact_divisor.h"
#include "payback/common/parallel.h"
#include "payback/store/segment_file.h"
#include "payback/store/user_time_sort.h"

namespace payback {
namespace {

struct DictionaryField {
  const char* name;
  StringDictionary Dictionaries::*dictionary;
  uint32_t DictionarySizes::*size;
};

constexpr DictionaryField kDictionaryFields[] = {
    {"user", &Dictionaries::users, &DictionarySizes::users},
    {"event", &Dictionaries::event_names, &DictionarySizes::event_names},
    {"campaign", &Dictionaries::campaigns, &DictionarySizes::campaigns},
    {"message", &Dictionaries::messages, &DictionarySizes::messages},
    {"property_key", &Dictionaries::property_keys, &DictionarySizes::property_keys},
    {"string", &Dictionaries::strings, &DictionarySizes::strings},
};

std::string EncodeDictionaryDelta(const StringDictionary& dictionary, uint32_t base) {
  std::string out;
  const uint32_t count = dictionary.size() - base;
  out.append(reinterpret_cast<const char*>(&count), sizeof(count));
  for (uint32_t code = base; code < dictionary.size(); ++code) {
    const uint32_t size = static_cast<uint32_t>(dictionary.Get(code).size());
    out.append(reinterpret_cast<const char*>(&size), sizeof(size));
  }
  for (uint32_t code = base; code < dictionary.size(); ++code) out += dictionary.Get(code);
  return out;
}

/// The number of strings a dictionary delta adds, checked against the blob's size.
Result<uint32_t> DictionaryDeltaCount(std::string_view blob, const std::string& path) {
  uint32_t count = 0;
  if (blob.size() < sizeof(count)) return Status::Corruption(path + ": bad dictionary blob");
  std::memcpy(&count, blob.data(), sizeof(count));
  const size_t header = sizeof(count) + static_cast<size_t>(count) * sizeof(uint32_t);
  if (blob.size() < header) return Status::Corruption(path + ": bad dictionary blob");
  return count;
}

// Not inlined: inlined into its caller, GCC 12 reports a false -Wmaybe-uninitialized on the
// small-string buffer of the blob.
[[gnu::noinline]] Status DecodeDictionaryDelta(std::string_view blob, StringDictionary& dictionary,
                                               const std::string& path) {
  PAYBACK_ASSIGN_OR_RETURN(const uint32_t count, DictionaryDeltaCount(blob, path));
  size_t offset = sizeof(count) + static_cast<size_t>(count) * sizeof(uint32_t);
  for (uint32_t entry = 0; entry < count; ++entry) {
    uint32_t size = 0;
    std::memcpy(&size, blob.data() + sizeof(count) + entry * sizeof(uint32_t), sizeof(size));
    if (offset + size > blob.size()) return Status::Corruption(path + ": bad dictionary blob");
    dictionary.AppendUnchecked(blob.substr(offset, size));
    offset += size;
  }
  return Status::Ok();
}

/// The ts column as segments store it since issue 7: rows are sorted by (user, ts), so each
/// row is stored as its distance from the user's previous event (a user's first event: from
/// `base`, the batch's earliest ts), divided by `scale`, the greatest common divisor of those
/// distances (1,000,000 when every timestamp is a whole second), in 4 bytes a row when every
/// quotient fits, else 8. zstd then stores a timestamp in about 2 bytes instead of 5.4.
///
/// Segments written since 2026-12-05 keep 4-byte deltas packed ("packing": "bytes" in the
/// meta): each piece of kPackedRows rows in the fewest bytes its largest delta needs (1 to 4,
/// little-endian), the pieces' widths in col.ts_deltas.widths and their bytes in
/// col.ts_deltas.packed, stored without zstd. zstd found 1.56x in the 4-byte deltas at 350 MB/s
/// a core (1.1 core-seconds of an ingest of 100M events, the dearest column); packing finds
/// 1.33x at the speed of memory, and the load reads it without decompressing.
struct TimestampDeltas {
  static constexpr size_t kPackedRows = size_t{1} << 16;
  /// Bytes a packed buffer holds past its last piece, so that a delta is read as 4 bytes.
  static constexpr size_t kPackedPadding = 3;

  int64_t base = 0;
  uint64_t scale = 1;
  int width = 8;                 ///< bytes a row: 4 or 8
  std::vector<uint32_t> narrow;  ///< width 4, unpacked (segments written before packing)
  std::vector<uint64_t> wide;    ///< width 8
  /// Width 4, packed: bytes a delta of each piece (1-4), where each piece starts in `packed`
  /// (pieces + 1 offsets), and the pieces' bytes.
  bool packed_form = false;
  std::vector<uint8_t> piece_widths;
  std::vector<uint64_t> piece_offsets;
  std::vector<uint8_t> packed;

  /// The offsets of pieces of piece_widths' widths over `rows` rows; false when a width is not
  /// 1-4 or the widths are not one a piece.
  bool FindPieceOffsets(size_t rows) {
    if (piece_widths.size() != (rows + kPackedRows - 1) / kPackedRows) return false;
    piece_offsets.assign(piece_widths.size() + 1, 0);
    for (size_t piece = 0; piece < piece_widths.size(); ++piece) {
      const uint8_t bytes = piece_widths[piece];
      if (bytes < 1 || bytes > 4) return false;
      const size_t piece_rows = std::min(kPackedRows, rows - piece * kPackedRows);
      piece_offsets[piece + 1] = piece_offsets[piece] + piece_rows * bytes;
    }
    return true;
  }

  /// Fills piece_widths and packed with the `rows` 4-byte deltas `delta_of(row)` gives, on
  /// every core: the deltas are found twice (for each piece's width, then its bytes), never
  /// kept whole (400 MB at 100M events).
  template <typename DeltaOf>
  void Pack(size_t rows, DeltaOf delta_of) {
    piece_widths.assign((rows + kPackedRows - 1) / kPackedRows, 1);
    ParallelFor(piece_widths.size(), [&](size_t /*worker*/, size_t piece) {
      const size_t end = std::min(rows, (piece + 1) * kPackedRows);
      uint32_t bits = 0;
      for (size_t row = piece * kPackedRows; row < end; ++row) bits |= delta_of(row);
      piece_widths[piece] = static_cast<uint8_t>(std::max(1u, (std::bit_width(bits) + 7) / 8));
    });
    const bool offsets_found = FindPieceOffsets(rows);
    PAYBACK_ASSERT(offsets_found);
    packed.resize(piece_offsets.back());
    ParallelFor(piece_widths.size(), [&](size_t /*worker*/, size_t piece) {
      const size_t first = piece * kPackedRows;
      const size_t count = std::min(rows, first + kPackedRows) - first;
      uint8_t* const out = packed.data() + piece_offsets[piece];
      // A width a loop: the copy of a constant size is a store, not a call.
      auto pack = [&]<size_t kBytes>(std::integral_constant<size_t, kBytes>) {
        for (size_t idx = 0; idx < count; ++idx) {
          const uint32_t delta = delta_of(first + idx);
          std::memcpy(out + idx * kBytes, &delta, kBytes);
        }
      };
      switch (piece_widths[piece]) {
        case 1:
          pack(std::integral_constant<size_t, 1>());
          break;
        case 2:
          pack(std::integral_constant<size_t, 2>());
          break;
        case 3:
          pack(std::integral_constant<size_t, 3>());
          break;
        default:
          pack(std::integral_constant<size_t, 4>());
          break;
      }
    });
    packed_form = true;
  }

  /// Row `row`'s delta in the packed form (which holds kPackedPadding bytes past its end).
  uint32_t PackedDelta(size_t row) const {
    static constexpr uint32_t kMasks[5] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF};
    const size_t piece = row / kPackedRows;
    const uint8_t bytes = piece_widths[piece];
    uint32_t delta;
    std::memcpy(&delta, packed.data() + piece_offsets[piece] + (row % kPackedRows) * bytes,
                sizeof(delta));
    return delta & kMasks[bytes];
  }

  /// The deltas of `batch`'s timestamps, packed when they fit 4 bytes; `starts_run(row)` says
  /// whether a row is the first of its user's run.
  template <typename StartsRun>
  static TimestampDeltas Encode(const EventColumns& batch, StartsRun starts_run) {
    TimestampDeltas out;
    const size_t rows = batch.size();
    constexpr size_t kRowsPerTask = 1 << 20;
    std::vector<int64_t> lows((rows + kRowsPerTask - 1) / kRowsPerTask);
    ParallelForRows(rows, kRowsPerTask, [&](size_t task, size_t begin, size_t end) {
      lows[task] = batch.ts[begin];
      for (size_t row = begin; row < end; ++row) lows[task] = std::min(lows[task], batch.ts[row]);
    });
    if (rows > 0) out.base = *std::min_element(lows.begin(), lows.end());
    auto distance = [&](size_t row) {
      const int64_t from = starts_run(row) ? out.base : batch.ts[row - 1];
      return static_cast<uint64_t>(batch.ts[row]) - static_cast<uint64_t>(from);
    };
    const CommonDivisor common = CommonDivisorOf(rows, distance);
    out.scale = common.divisor;
    const ExactDivisor exact(out.scale);
    auto quotient = [&](size_t row) { return exact.Quotient(distance(row)); };
    if (common.largest / out.scale <= std::numeric_limits<uint32_t>::max()) {
      out.width = 4;
      out.Pack(rows, [&](size_t row) { return static_cast<uint32_t>(quotient(row)); });
    } else {
      out.wide.resize(rows);
      ParallelForRows(rows, kRowsPerTask, [&](size_t /*task*/, size_t begin, size_t end) {
        for (size_t row = begin; row < end; ++row) out.wide[row] = quotient(row);
      });
    }
    return out;
  }

  /// Fills `out` (one value a row) from the deltas; `starts_run(row)` says whether a row is the
  /// first of its user's run. Spread over the cores in pieces that start where a run starts.
  /// With T = TimestampUs a row gets its instant; with T = uint32_t its distance from `base` in
  /// `scale`s (TimestampColumn's narrow rows), and the decode fails (false) when one does not fit.
  template <typename T, typename StartsRun>
  bool Decode(std::span<T> out, StartsRun starts_run) const {
    const size_t rows = out.size();
    constexpr size_t kRowsPerTask = 1 << 20;
    const size_t tasks = (rows + kRowsPerTask - 1) / kRowsPerTask;
    auto run_start = [&](size_t row) {
      while (row > 0 && row < rows && !starts_run(row)) ++row;
      return std::min(row, rows);
    };
    std::vector<uint8_t> fits(tasks, 1);
    ParallelFor(tasks, [&](size_t /*worker*/, size_t task) {
      const size_t begin = run_start(task * kRowsPerTask);
      const size_t end = run_start((task + 1) * kRowsPerTask);
      uint64_t units = 0;  // the row's distance from base, in scales
      for (size_t row = begin; row < end; ++row) {
        const uint64_t delta = packed_form  ? PackedDelta(row)
                               : width == 4 ? narrow[row]
                                            : wide[row];
        units = row > begin && !starts_run(row) ? units + delta : delta;
        if constexpr (std::is_same_v<T, uint32_t>) {
          if (units > std::numeric_limits<uint32_t>::max()) {
            fits[task] = 0;
            return;
          }
          out[row] = static_cast<uint32_t>(units);
        } else {
          out[row] = static_cast<TimestampUs>(static_cast<uint64_t>(base) + units * scale);
        }
      }
    });
    return std::all_of(fits.begin(), fits.end(), [](uint8_t fit) { return fit != 0; });
  }
};

/// Adds `values` to `writer` as `name` in `Narrow` a row, each cut to its low bytes (all ones,
/// kNoCampaign, stays all ones), made a piece at a time as the file is written. `values` must
/// outlive the write and its codes other than all ones fit Narrow below all ones.
template <typename Narrow, typename Wide>
void AddNarrowed(SegmentWriter& writer, std::string name, const std::vector<Wide>& values) {
  static_assert(std::is_unsigned_v<Narrow> && std::is_unsigned_v<Wide>);
  writer.AddMade(
      std::move(name), values.size() * sizeof(Narrow),
      [&values](size_t offset, std::span<char> piece) {
        PAYBACK_ASSERT(offset % sizeof(Narrow) == 0 && piece.size() % sizeof(Narrow) == 0);
        const size_t first = offset / sizeof(Narrow);
        const size_t count = piece.size() / sizeof(Narrow);
        for (size_t idx = 0; idx < count; ++idx) {
          const auto narrow = static_cast<Narrow>(values[first + idx]);
          std::memcpy(piece.data() + idx * sizeof(Narrow), &narrow, sizeof(Narrow));
        }
      });
}

/// Adds the code column `values` as "col.<name>": narrowed to Narrow (and "<name>_width" set in
/// `meta`) when the dictionary's `codes` all fit below Narrow's all ones, else as it is.
template <typename Narrow, typename Wide>
void AddCodeColumn(SegmentWriter& writer, nlohmann::json& meta, const std::string& name,
                   const std::vector<Wide>& values, size_t codes) {
  if (codes <= std::numeric_limits<Narrow>::max()) {
    meta[name + "_width"] = sizeof(Narrow);
    AddNarrowed<Narrow>(writer, "col." + name, values);
  } else {
    writer.AddArray("col." + name, values);
  }
}

/// Widens the `values.size()` values of `Narrow` that the start of `values`' memory holds into
/// the values themselves, all ones to all ones (kNoCampaign), on every core. Wide is twice as
/// wide, so row r is read from bytes [r, r + 1) * n and written to [2r, 2r + 2) * n (n =
/// sizeof(Narrow)): the rows from half way up are widened first, on every core at once (they
/// write past every byte they read), then those from a quarter of the way up, and so on.
template <typename Narrow, typename Wide>
void WidenInPlace(std::vector<Wide>& values) {
  static_assert(sizeof(Wide) == 2 * sizeof(Narrow) && std::is_unsigned_v<Narrow>);
  char* const bytes = reinterpret_cast<char*>(values.data());
  constexpr Narrow kAllOnes = std::numeric_limits<Narrow>::max();
  constexpr Wide kHighOnes = std::numeric_limits<Wide>::max() ^ Wide { kAllOnes };
  auto widened = [&](const char* from) {
    Narrow narrow;
    std::memcpy(&narrow, from, sizeof(Narrow));
    return static_cast<Wide>(narrow) | (narrow == kAllOnes ? kHighOnes : Wide{0});
  };
  // Rows [begin, end) of a wave, begin >= 1: the bytes they read and those they write do not
  // overlap (restrict), and all ones widens by a select, not a branch: the loop is vectorised.
  auto widen = [&](size_t begin, size_t end) {
    const char* __restrict const from = bytes + begin * sizeof(Narrow);
    char* __restrict const to = bytes + begin * sizeof(Wide);
    for (size_t idx = 0; idx < end - begin; ++idx) {
      Narrow narrow;
      std::memcpy(&narrow, from + idx * sizeof(Narrow), sizeof(Narrow));
      const Wide wide = static_cast<Wide>(narrow) | (narrow == kAllOnes ? kHighOnes : Wide{0});
      std::memcpy(to + idx * sizeof(Wide), &wide, sizeof(Wide));
    }
  };
  constexpr size_t kRowsPerTask = 1 << 18;
  for (size_t end = values.size(); end > 1;) {
    // They read bytes below end * n and write at 2 * begin * n >= end * n or above.
    const size_t begin = (end + 1) / 2;
    if (end - begin <= kRowsPerTask) {
      widen(begin, end);
    } else {
      ParallelForRows(end - begin, kRowsPerTask, [&](size_t /*task*/, size_t first, size_t last) {
        widen(begin + first, begin + last);
      });
    }
    end = begin;
  }
  // Row 0 reads and writes the same bytes: read, then written.
  if (!values.empty()) {
    const Wide first = widened(bytes);
    std::memcpy(bytes, &first, sizeof(Wide));
  }
}

struct SegmentMeta {
  uint64_t rows = 0;
  DictionarySizes base;
  /// How many users the segment's dictionary delta adds (since issue 7; older segments say so
  /// only in the delta itself).
  std::optional<uint32_t> users_added;
  std::vector<uint32_t> number_keys;
  std::vector<uint32_t> string_keys;
  /// Property columns as presence bits plus values (since issue 7); older segments hold them
  /// dense, one value (or null) per row.
  bool sparse_properties = false;
  std::vector<uint64_t> number_values;  ///< per number key: how many rows have a value
  std::vector<uint64_t> string_values;
  /// The ts column as deltas (TimestampDeltas, since issue 7); older segments store it raw.
  std::optional<TimestampDeltas> ts_deltas;
  /// Bytes a row of the event column: 1 (since 2026-12-05, when the workspace has at most 255
  /// event names), 2 (EventNameId, since issue 7) or 4 (older segments).
  int event_width = 4;
  /// Bytes a row of the campaign and message columns: 2 (since 2026-12-05, when the workspace
  /// has at most 65,535 of them) or 4.
  int campaign_width = 4;
  int message_width = 4;
};

Result<SegmentMeta> ReadMeta(const SegmentReader& reader, const std::string& path) {
  PAYBACK_ASSIGN_OR_RETURN(std::string text, reader.Read("meta"));
  const nlohmann::json meta = nlohmann::json::parse(text, nullptr, false);
  if (!meta.is_object() || !meta.contains("rows") || !meta.contains("dictionary_base")) {
    return Status::Corruption(path + ": bad segment meta");
  }
  SegmentMeta out;
  out.rows = meta["rows"].get<uint64_t>();
  for (const DictionaryField& field : kDictionaryFields) {
    out.base.*field.size = meta["dictionary_base"].value(field.name, 0u);
  }
  if (meta.contains("dictionary_added")) {
    const nlohmann::json& added = meta["dictionary_added"];
    if (!added.is_object() || !added.contains("user") || !added["user"].is_number_unsigned() ||
        added["user"].get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
      return Status::Corruption(path + ": bad segment meta");
    }
    out.users_added = added["user"].get<uint32_t>();
  }
  out.number_keys = meta.value("number_properties", std::vector<uint32_t>());
  out.string_keys = meta.value("string_properties", std::vector<uint32_t>());
  if (meta.contains("ts_deltas")) {
    const nlohmann::json& deltas = meta["ts_deltas"];
    TimestampDeltas ts;
    ts.base = deltas.value("base", int64_t{0});
    ts.scale = deltas.value("scale", uint64_t{0});
    ts.width = deltas.value("width", 0);
    if (ts.scale == 0 || (ts.width != 4 && ts.width != 8)) {
      return Status::Corruption(path + ": bad segment meta");
    }
    if (deltas.contains("packing")) {
      // The only packing: bytes, 4-byte deltas, pieces of kPackedRows rows.
      if (deltas["packing"] != "bytes" || ts.width != 4 ||
          deltas.value("piece_rows", uint64_t{0}) != TimestampDeltas::kPackedRows) {
        return Status::Corruption(path + ": bad segment meta");
      }
      ts.packed_form = true;
    }
    out.ts_deltas = std::move(ts);
  }
  out.event_width = meta.value("event_width", 4);
  out.campaign_width = meta.value("campaign_width", 4);
  out.message_width = meta.value("message_width", 4);
  if ((out.event_width != 1 && out.event_width != 2 && out.event_width != 4) ||
      (out.campaign_width != 2 && out.campaign_width != 4) ||
      (out.message_width != 2 && out.message_width != 4)) {
    return Status::Corruption(path + ": bad segment meta");
  }
  out.sparse_properties = meta.value("property_layout", std::string("dense")) == "sparse";
  if (out.sparse_properties) {
    out.number_values = meta.value("number_property_values", std::vector<uint64_t>());
    out.string_values = meta.value("string_property_values", std::vector<uint64_t>());
    if (out.number_values.size() != out.number_keys.size() ||
        out.string_values.size() != out.string_keys.size()) {
      return Status::Corruption(path + ": bad segment meta");
    }
  }
  return out;
}

/// Appends the segment's dictionary deltas to `dictionaries`, which must hold exactly the
/// strings of the segments before it. `users` counts the workspace's users so far; its
/// strings are appended to dictionaries.users only with `user_names` (else that dictionary
/// stays as it is, and only the count moves: a segment's meta says how many users it adds).
Status AppendDictionaries(const SegmentReader& reader, const SegmentMeta& meta,
                          Dictionaries& dictionaries, const std::string& path, uint32_t& users,
                          UserNames user_names) {
  for (const DictionaryField& field : kDictionaryFields) {
    const bool is_users = field.dictionary == &Dictionaries::users;
    StringDictionary& dictionary = dictionaries.*field.dictionary;
    const uint32_t size = is_users ? users : dictionary.size();
    if (size != meta.base.*field.size) {
      return Status::Corruption(fmt::format("{}: {} dictionary starts at {}, expected {}", path,
                                            field.name, meta.base.*field.size, size));
    }
    if (is_users && user_names == UserNames::kSkip && meta.users_added) {
      if (*meta.users_added > std::numeric_limits<uint32_t>::max() - users) {
        return Status::Corruption(path + ": more users than a workspace can hold");
      }
      users += *meta.users_added;
      continue;
    }
    PAYBACK_ASSIGN_OR_RETURN(std::string blob, reader.Read(std::string("dict.") + field.name));
    if (!is_users) {
      PAYBACK_RETURN_IF_ERROR(DecodeDictionaryDelta(blob, dictionary, path));
    } else if (user_names == UserNames::kSkip) {
      PAYBACK_ASSIGN_OR_RETURN(const uint32_t added, DictionaryDeltaCount(blob, path));
      if (added > std::numeric_limits<uint32_t>::max() - users) {
        return Status::Corruption(path + ": more users than a workspace can hold");
      }
      users += added;
    } else {
      PAYBACK_RETURN_IF_ERROR(DecodeDictionaryDelta(blob, dictionary, path));
      if (meta.users_added && dictionary.size() - users != *meta.users_added) {
        return Status::Corruption(path + ": the user dictionary does not match the segment meta");
      }
      users = dictionary.size();
    }
  }
  return Status::Ok();
}

/// One property column of a segment on its way into memory: ReadColumns decompresses every
/// blob of the segment in one parallel step, then Finish builds the column. Sparse layout:
/// presence bits and the present values; the dense layout of older segments: one value (or
/// null) per row.
template <typename Column>
struct PendingProperty {
  using Value = typename std::remove_cvref_t<decltype(std::declval<Column>().values())>::value_type;

  PendingProperty(std::string blob_name, const SegmentMeta& meta, uint64_t values, Column& into)
      : name(std::move(blob_name)),
        bits_name(name + ".bits"),
        sparse(meta.sparse_properties),
        rows(meta.rows),
        column(into) {
    if (sparse) {
      bits.resize((rows + 63) / 64);
      present.resize(values);
    } else {
      present.resize(rows);
    }
  }
  void AddReads(std::vector<SegmentReader::BlobRead>& reads) {
    if (sparse) reads.push_back({bits_name, bits.data(), bits.size() * sizeof(uint64_t)});
    reads.push_back({name, present.data(), present.size() * sizeof(Value)});
  }
  Status Finish(const std::string& path) {
    if (!sparse) {
      column = Column::FromDense(present);
      return Status::Ok();
    }
    std::optional<Column> parts = Column::FromParts(rows, std::move(bits), std::move(present));
    if (!parts) {
      return Status::Corruption(fmt::format("{}: property column {} is damaged", path, name));
    }
    column = std::move(*parts);
    return Status::Ok();
  }

  std::string name;
  std::string bits_name;
  bool sparse;
  size_t rows;
  Column& column;
  std::vector<uint64_t> bits;
  std::vector<Value> present;
};

/// Reads a segment's columns into `batch`. With `user_starts` (a workspace of one segment), the
/// user column is read first, checked against `users`, turned into the users' runs
/// (user_starts, users + 1 offsets) and dropped before the other columns are allocated: the
/// runs say whose row is whose, and the load's peak stays at the columns it keeps. Without it,
/// batch.user is kept (segments are merged by user afterwards).
Status ReadColumns(const SegmentReader& reader, const SegmentMeta& meta, size_t property_keys,
                   const std::string& path, uint32_t users, EventColumns& batch,
                   std::vector<uint32_t>* user_starts) {
  const size_t rows = meta.rows;
  auto column = [](std::string_view name, auto&& values) {
    return SegmentReader::BlobRead{name, values.data(), values.size() * sizeof(values[0])};
  };
  // One blob into `values`, sized to the rows, on its own (its frames still in parallel).
  auto read_alone = [&](std::string_view name, auto& values) {
    values.resize(rows);
    const SegmentReader::BlobRead read = column(name, values);
    return reader.ReadIntoMany(std::span<const SegmentReader::BlobRead>(&read, 1));
  };
  PAYBACK_RETURN_IF_ERROR(read_alone("col.user", batch.user));
  std::vector<uint64_t> run_bits;  // with user_starts: the first row of each user's run
  if (user_starts != nullptr) {
    // One pass on every core: each row is checked (a user in range, not before the row above)
    // and a row that starts a run marks itself and becomes the start of its user and of the
    // users without rows before it. Tasks cover whole 64-row words of run_bits, and each
    // user's start is written by one row only.
    const std::vector<UserId>& user = batch.user;
    user_starts->assign(static_cast<size_t>(users) + 1, static_cast<uint32_t>(rows));
    run_bits.assign((rows + 63) / 64, 0);
    constexpr size_t kRowsPerTask = 1 << 20;
    std::vector<size_t> bad_rows((rows + kRowsPerTask - 1) / kRowsPerTask, rows);
    ParallelFor(bad_rows.size(), [&](size_t /*worker*/, size_t task) {
      const size_t end = std::min(rows, (task + 1) * kRowsPerTask);
      for (size_t row = task * kRowsPerTask; row < end; ++row) {
        const UserId current = user[row];
        const UserId above = row > 0 ? user[row - 1] : 0;
        if (current >= users || current < above) {
          bad_rows[task] = row;
          return;
        }
        if (row > 0 && current == above) continue;
        run_bits[row / 64] |= uint64_t{1} << (row % 64);
        for (size_t starting = row > 0 ? size_t{above} + 1 : 0; starting <= current; ++starting) {
          (*user_starts)[starting] = static_cast<uint32_t>(row);
        }
      }
    });
    const size_t bad_row =
        bad_rows.empty() ? rows : *std::min_element(bad_rows.begin(), bad_rows.end());
    if (bad_row < rows) {
      return Status::Corruption(
          fmt::format("{}: row {} has a user out of range or out of order", path, bad_row));
    }
    batch.user = {};
  }
  auto starts_run = [&](size_t row) {
    if (user_starts != nullptr) return ((run_bits[row / 64] >> (row % 64)) & 1) != 0;
    return batch.user[row] != batch.user[row - 1];
  };
  // The timestamps next (their deltas only live until they are decoded). A lone segment's
  // become the store's column as they are: 4 bytes a row when they fit (TimestampColumn).
  if (meta.ts_deltas) {
    TimestampDeltas ts_deltas = *meta.ts_deltas;
    if (ts_deltas.packed_form) {
      PAYBACK_ASSIGN_OR_RETURN(ts_deltas.piece_widths,
                               reader.ReadVector<uint8_t>("col.ts_deltas.widths"));
      if (!ts_deltas.FindPieceOffsets(rows)) {
        return Status::Corruption(path + ": bad packed timestamp widths");
      }
      const size_t packed_bytes = ts_deltas.piece_offsets.back();
      ts_deltas.packed.resize(packed_bytes + TimestampDeltas::kPackedPadding);
      const SegmentReader::BlobRead read{"col.ts_deltas.packed", ts_deltas.packed.data(),
                                         packed_bytes};
      PAYBACK_RETURN_IF_ERROR(reader.ReadIntoMany(std::span(&read, 1)));
    } else {
      PAYBACK_RETURN_IF_ERROR(ts_deltas.width == 4 ? read_alone("col.ts_deltas", ts_deltas.narrow)
                                                   : read_alone("col.ts_deltas", ts_deltas.wide));
    }
    // Units from the segment's base in its scale are exactly what TimestampColumn::Narrow would
    // find (the same earliest instant, the same divisor): if they do not fit 4 bytes, nothing
    // will. 8-byte deltas never fit (one delta alone is over 2^32 - 1).
    const bool may_fit = user_starts != nullptr && ts_deltas.width == 4;
    std::vector<uint32_t> units(may_fit ? rows : 0);
    if (may_fit && ts_deltas.Decode(std::span<uint32_t>(units), starts_run)) {
      batch.ts.AssignNarrow(ts_deltas.base, ts_deltas.scale, std::move(units));
    } else {
      units = {};
      batch.ts.Resize(rows);
      ts_deltas.Decode(batch.ts.MutableWide(), starts_run);
    }
  } else {
    batch.ts.Resize(rows);
  }
  batch.event.resize(rows);
  batch.campaign.resize(rows);
  batch.message.resize(rows);
  batch.properties.resize(property_keys);
  std::deque<PendingProperty<decltype(PropertyColumn::numbers)>> numbers;
  std::deque<PendingProperty<decltype(PropertyColumn::strings)>> strings;
  // The number columns ("prop.n.K") and the string columns ("prop.s.K") of the segment.
  auto pend = [&](auto& pending, const std::vector<uint32_t>& keys,
                  const std::vector<uint64_t>& values, char kind, auto PropertyColumn::*column) {
    for (size_t idx = 0; idx < keys.size(); ++idx) {
      if (keys[idx] >= property_keys) return Status::Corruption(path + ": bad property key");
      pending.emplace_back(fmt::format("prop.{}.{}", kind, keys[idx]), meta,
                           meta.sparse_properties ? values[idx] : 0,
                           batch.properties[keys[idx]].*column);
    }
    return Status::Ok();
  };
  PAYBACK_RETURN_IF_ERROR(
      pend(numbers, meta.number_keys, meta.number_values, 'n', &PropertyColumn::numbers));
  PAYBACK_RETURN_IF_ERROR(
      pend(strings, meta.string_keys, meta.string_values, 's', &PropertyColumn::strings));
  // A column narrowed in the segment is read into the start of its own memory, then widened.
  auto narrowed = [](std::string_view name, auto& values, int width) {
    return SegmentReader::BlobRead{name, values.data(), values.size() * static_cast<size_t>(width)};
  };
  std::vector<SegmentReader::BlobRead> reads = {
      narrowed("col.campaign", batch.campaign, meta.campaign_width),
      narrowed("col.message", batch.message, meta.message_width),
  };
  std::vector<uint32_t> wide_events;  // segments before issue 7: 4 bytes an event code
  if (meta.event_width <= 2) {
    reads.push_back(narrowed("col.event", batch.event, meta.event_width));
  } else {
    wide_events.resize(rows);
    reads.push_back(column("col.event", wide_events));
  }
  if (!meta.ts_deltas) reads.push_back(column("col.ts", batch.ts.MutableWide()));
  for (auto& property : numbers) property.AddReads(reads);
  for (auto& property : strings) property.AddReads(reads);
  PAYBACK_RETURN_IF_ERROR(reader.ReadIntoMany(reads));
  if (meta.campaign_width == 2) WidenInPlace<uint16_t>(batch.campaign);
  if (meta.message_width == 2) WidenInPlace<uint16_t>(batch.message);
  if (meta.event_width == 1) WidenInPlace<uint8_t>(batch.event);
  for (size_t row = 0; row < wide_events.size(); ++row) {
    if (wide_events[row] >= kMaxEventNames) {
      return Status::Corruption(fmt::format("{}: row {} has a code out of range", path, row));
    }
    batch.event[row] = static_cast<EventNameId>(wide_events[row]);
  }
  for (auto& property : numbers) PAYBACK_RETURN_IF_ERROR(property.Finish(path));
  for (auto& property : strings) PAYBACK_RETURN_IF_ERROR(property.Finish(path));
  if (user_starts != nullptr && !meta.ts_deltas) batch.ts.Narrow();  // raw ts: before issue 7
  return Status::Ok();
}

}  // namespace

DictionarySizes DictionarySizes::Of(const Dictionaries& dictionaries) {
  DictionarySizes sizes;
  for (const DictionaryField& field : kDictionaryFields) {
    sizes.*field.size = (dictionaries.*field.dictionary).size();
  }
  return sizes;
}

Status WriteEventSegment(const std::string& path, const EventColumns& batch,
                         const Dictionaries& dictionaries, const DictionarySizes& base,
                         const std::vector<uint32_t>* user_starts) {
  PAYBACK_ASSERT(user_starts == nullptr ? batch.user.size() == batch.size()
                                        : batch.user.empty() && !user_starts->empty() &&
                                              user_starts->back() == batch.size());
  SegmentWriter writer;
  nlohmann::json meta;
  meta["rows"] = batch.size();
  for (const DictionaryField& field : kDictionaryFields) {
    meta["dictionary_base"][field.name] = base.*field.size;
    meta["dictionary_added"][field.name] =
        (dictionaries.*field.dictionary).size() - base.*field.size;
    writer.Add(std::string("dict.") + field.name,
               EncodeDictionaryDelta(dictionaries.*field.dictionary, base.*field.size));
  }
  TimestampDeltas ts_deltas;
  if (user_starts == nullptr) {
    writer.AddArray("col.user", batch.user);
    ts_deltas = TimestampDeltas::Encode(
        batch, [&](size_t row) { return row == 0 || batch.user[row] != batch.user[row - 1]; });
  } else {
    // The user column the runs stand for, made a piece at a time as it is compressed.
    writer.AddMade(
        "col.user", batch.size() * sizeof(UserId),
        [user_starts](size_t offset, std::span<char> piece) {
          PAYBACK_ASSERT(offset % sizeof(UserId) == 0 && piece.size() % sizeof(UserId) == 0);
          const size_t first = offset / sizeof(UserId);
          const size_t rows = piece.size() / sizeof(UserId);
          UserId users[4096];
          for (size_t done = 0; done < rows; done += std::size(users)) {
            const size_t count = std::min(std::size(users), rows - done);
            FillUsersFromRuns(*user_starts, first + done, first + done + count, users);
            std::memcpy(piece.data() + done * sizeof(UserId), users, count * sizeof(UserId));
          }
        });
    // The first row of each user's run, marked.
    std::vector<uint64_t> run_starts((batch.size() + 63) / 64, 0);
    for (size_t user = 0; user + 1 < user_starts->size(); ++user) {
      const uint32_t start = (*user_starts)[user];
      if (start < (*user_starts)[user + 1]) run_starts[start / 64] |= uint64_t{1} << (start % 64);
    }
    ts_deltas = TimestampDeltas::Encode(
        batch, [&](size_t row) { return ((run_starts[row / 64] >> (row % 64)) & 1) != 0; });
  }
  meta["ts_deltas"] = {
      {"base", ts_deltas.base}, {"scale", ts_deltas.scale}, {"width", ts_deltas.width}};
  if (ts_deltas.width == 4) {
    meta["ts_deltas"]["packing"] = "bytes";
    meta["ts_deltas"]["piece_rows"] = TimestampDeltas::kPackedRows;
    writer.AddArray("col.ts_deltas.widths", ts_deltas.piece_widths);
    writer.AddArray("col.ts_deltas.packed", ts_deltas.packed, SegmentWriter::Codec::kStored);
  } else {
    writer.AddArray("col.ts_deltas", ts_deltas.wide);
  }
  // Code columns in the fewest bytes the workspace's dictionaries allow, below the all-ones
  // value (kNoCampaign narrowed): a third less for zstd to go through at 100M events (0.6
  // core-seconds), and smaller. The event width is said even when not narrowed (2 since
  // issue 7); the others only when narrowed.
  meta["event_width"] = sizeof(EventNameId);
  AddCodeColumn<uint8_t>(writer, meta, "event", batch.event, dictionaries.event_names.size());
  AddCodeColumn<uint16_t>(writer, meta, "campaign", batch.campaign, dictionaries.campaigns.size());
  AddCodeColumn<uint16_t>(writer, meta, "message", batch.message, dictionaries.messages.size());
  // A property's column as its presence bits (padded to the batch's rows) and its values.
  std::vector<uint32_t> number_keys;
  std::vector<uint32_t> string_keys;
  std::vector<uint64_t> number_values;
  std::vector<uint64_t> string_values;
  std::deque<std::vector<uint64_t>> padded_bits;  // a deque: AddArray keeps pointers into it
  auto add_sparse = [&](const std::string& name, const auto& column) {
    const std::vector<uint64_t>& bits = column.bits();
    const std::vector<uint64_t>* written = &bits;
    if (bits.size() * 64 < batch.size()) {
      written = &padded_bits.emplace_back(bits);
      padded_bits.back().resize((batch.size() + 63) / 64, 0);
    }
    writer.AddArray(name + ".bits", *written);
    writer.AddArray(name, column.values());
  };
  for (uint32_t key = 0; key < batch.properties.size(); ++key) {
    const PropertyColumn& property = batch.properties[key];
    if (!property.numbers.empty()) {
      number_keys.push_back(key);
      number_values.push_back(property.numbers.values().size());
      add_sparse(fmt::format("prop.n.{}", key), property.numbers);
    }
    if (!property.strings.empty()) {
      string_keys.push_back(key);
      string_values.push_back(property.strings.values().size());
      add_sparse(fmt::format("prop.s.{}", key), property.strings);
    }
  }
  meta["property_layout"] = "sparse";
  meta["number_properties"] = number_keys;
  meta["string_properties"] = string_keys;
  meta["number_property_values"] = number_values;
  meta["string_property_values"] = string_values;
  writer.Add("meta", meta.dump());
  return writer.WriteDurably(path);
}

Status LoadDictionaries(const std::vector<std::string>& segment_paths, Dictionaries& dictionaries,
                        UserNames user_names) {
  uint32_t users = dictionaries.users.size();
  for (const std::string& path : segment_paths) {
    PAYBACK_ASSIGN_OR_RETURN(SegmentReader reader, SegmentReader::Open(path));
    PAYBACK_ASSIGN_OR_RETURN(SegmentMeta meta, ReadMeta(reader, path));
    PAYBACK_RETURN_IF_ERROR(
        AppendDictionaries(reader, meta, dictionaries, path, users, user_names));
  }
  return Status::Ok();
}

Status LoadUserDictionary(const std::vector<std::string>& segment_paths, StringDictionary& users) {
  for (const std::string& path : segment_paths) {
    PAYBACK_ASSIGN_OR_RETURN(SegmentReader reader, SegmentReader::Open(path));
    PAYBACK_ASSIGN_OR_RETURN(SegmentMeta meta, ReadMeta(reader, path));
    if (users.size() != meta.base.users) {
      return Status::Corruption(fmt::format("{}: user dictionary starts at {}, expected {}", path,
                                            meta.base.users, users.size()));
    }
    PAYBACK_ASSIGN_OR_RETURN(std::string blob, reader.Read("dict.user"));
    PAYBACK_RETURN_IF_ERROR(DecodeDictionaryDelta(blob, users, path));
  }
  return Status::Ok();
}

Result<EventStore> LoadEventStore(const std::vector<std::string>& segment_paths,
                                  UserNames user_names) {
  EventStore store;
  uint32_t users = 0;
  uint64_t total_rows = 0;
  for (const std::string& path : segment_paths) {
    PAYBACK_ASSIGN_OR_RETURN(SegmentReader reader, SegmentReader::Open(path));
    PAYBACK_ASSIGN_OR_RETURN(SegmentMeta meta, ReadMeta(reader, path));
    total_rows += meta.rows;
    if (total_rows > kMaxRows) {
      return Status::Internal(fmt::format(
          "the workspace holds more than {} events, more than payback loads at once", kMaxRows));
    }
    PAYBACK_RETURN_IF_ERROR(
        AppendDictionaries(reader, meta, store.dictionaries, path, users, user_names));
    EventColumns batch;
    const size_t rows = meta.rows;
    // One segment is already in (user, ts) order: its users' runs are read, not kept as a column.
    const bool only_segment = segment_paths.size() == 1;
    PAYBACK_RETURN_IF_ERROR(ReadColumns(reader, meta, store.dictionaries.property_keys.size(), path,
                                        users, batch, only_segment ? &store.user_starts : nullptr));
    // Codes must be inside the dictionaries, or every later look-up would be out of bounds.
    const uint32_t event_names = store.dictionaries.event_names.size();
    const uint32_t campaigns = store.dictionaries.campaigns.size();
    const uint32_t messages = store.dictionaries.messages.size();
    constexpr size_t kRowsPerTask = 1 << 20;
    std::vector<size_t> bad_rows((rows + kRowsPerTask - 1) / kRowsPerTask, rows);
    ParallelFor(bad_rows.size(), [&](size_t /*worker*/, size_t task) {
      const size_t end = std::min(rows, (task + 1) * kRowsPerTask);
      for (size_t row = task * kRowsPerTask; row < end; ++row) {
        if ((!only_segment && batch.user[row] >= users) || batch.event[row] >= event_names ||
            (batch.campaign[row] != kNoCampaign && batch.campaign[row] >= campaigns) ||
            batch.message[row] >= messages) {
          bad_rows[task] = row;
          return;
        }
      }
    });
    size_t bad_row = rows;
    for (const size_t row : bad_rows) bad_row = std::min(bad_row, row);
    if (bad_row < rows) {
      return Status::Corruption(fmt::format("{}: row {} has a code out of range", path, bad_row));
    }
    if (store.events.size() == 0) {
      store.events = std::move(batch);
    } else {
      store.events.Append(std::move(batch));
    }
  }
  store.events.properties.resize(store.dictionaries.property_keys.size());
  if (segment_paths.size() > 1) {
    // The sort's user runs are the store's: user_starts says whose rows are whose.
    SortByUserThenTime(store.events, users, &store.user_starts);
    store.events.ts.Narrow();
  } else if (segment_paths.empty()) {
    CountUserRuns(store.events.user, users, store.user_starts);
  }
  return store;
}

void IndexUserRuns(EventStore& store) {
  CountUserRuns(store.events.user, store.dictionaries.users.size(), store.user_starts);
}

std::optional<std::pair<TimestampUs, TimestampUs>> EventSpan(const EventStore& store) {
  std::optional<std::pair<TimestampUs, TimestampUs>> span;
  const TimestampColumn& ts = store.events.ts;
  for (size_t user = 0; user + 1 < store.user_starts.size(); ++user) {
    const uint64_t begin = store.user_starts[user];
    const uint64_t end = store.user_starts[user + 1];
    if (begin == end) continue;
    if (!span) span.emplace(ts[begin], ts[end - 1]);
    span->first = std::min(span->first, ts[begin]);
    span->second = std::max(span->second, ts[end - 1]);
  }
  return span;
}

std::optional<uint32_t> FindPropertyKey(const EventStore& store, std::string_view name) {
  const StringDictionary& keys = store.dictionaries.property_keys;
  for (uint32_t code = 0; code < keys.size(); ++code) {
    if (keys.Get(code) == name) return code;
  }
  return std::nullopt;
}

std::optional<Micros> NumericPropertyAt(const EventStore& store, uint32_t key, uint64_t row) {
  if (key >= store.events.properties.size()) return std::nullopt;
  const PropertyColumn& column = store.events.properties[key];
  if (!column.numbers.empty() && column.numbers[row] != kNullNumber) return column.numbers[row];
  if (!column.strings.empty() && column.strings[row] != kNullString) {
    return ParseFixed6(store.dictionaries.strings.Get(column.strings[row]));
  }
  return std::nullopt;
}

std::optional<std::string_view> PropertyTextAt(const EventStore& store, uint32_t key, uint64_t row,
                                               std::string& scratch) {
  if (key >= store.events.properties.size()) return std::nullopt;
  const PropertyColumn& column = store.events.properties[key];
  if (!column.strings.empty() && column.strings[row] != kNullString) {
    return store.dictionaries.strings.Get(column.strings[row]);
  }
  if (!column.numbers.empty() && column.numbers[row] != kNullNumber) {
    scratch = FormatFixed6(column.numbers[row]);
    return std::string_view(scratch);
  }
  return std::nullopt;
}

}  // namespace payback
