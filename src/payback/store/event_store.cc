#include "payback/store/event_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "payback/common/decimal.h"
#include "payback/store/segment_file.h"

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

// Not inlined: inlined into its caller, GCC 12 reports a false -Wmaybe-uninitialized on the
// small-string buffer of the blob.
[[gnu::noinline]] Status DecodeDictionaryDelta(std::string_view blob, StringDictionary& dictionary,
                                               const std::string& path) {
  uint32_t count = 0;
  if (blob.size() < sizeof(count)) return Status::Corruption(path + ": bad dictionary blob");
  std::memcpy(&count, blob.data(), sizeof(count));
  const size_t header = sizeof(count) + static_cast<size_t>(count) * sizeof(uint32_t);
  if (blob.size() < header) return Status::Corruption(path + ": bad dictionary blob");
  size_t offset = header;
  for (uint32_t entry = 0; entry < count; ++entry) {
    uint32_t size = 0;
    std::memcpy(&size, blob.data() + sizeof(count) + entry * sizeof(uint32_t), sizeof(size));
    if (offset + size > blob.size()) return Status::Corruption(path + ": bad dictionary blob");
    dictionary.AppendUnchecked(blob.substr(offset, size));
    offset += size;
  }
  return Status::Ok();
}

struct SegmentMeta {
  uint64_t rows = 0;
  DictionarySizes base;
  std::vector<uint32_t> number_keys;
  std::vector<uint32_t> string_keys;
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
  out.number_keys = meta.value("number_properties", std::vector<uint32_t>());
  out.string_keys = meta.value("string_properties", std::vector<uint32_t>());
  return out;
}

Status AppendDictionaries(const SegmentReader& reader, const SegmentMeta& meta,
                          Dictionaries& dictionaries, const std::string& path) {
  for (const DictionaryField& field : kDictionaryFields) {
    StringDictionary& dictionary = dictionaries.*field.dictionary;
    if (dictionary.size() != meta.base.*field.size) {
      return Status::Corruption(fmt::format("{}: {} dictionary starts at {}, expected {}", path,
                                            field.name, meta.base.*field.size, dictionary.size()));
    }
    PAYBACK_ASSIGN_OR_RETURN(std::string blob, reader.Read(std::string("dict.") + field.name));
    PAYBACK_RETURN_IF_ERROR(DecodeDictionaryDelta(blob, dictionary, path));
  }
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
                         const Dictionaries& dictionaries, const DictionarySizes& base) {
  SegmentWriter writer;
  nlohmann::json meta;
  meta["rows"] = batch.size();
  for (const DictionaryField& field : kDictionaryFields) {
    meta["dictionary_base"][field.name] = base.*field.size;
    writer.Add(std::string("dict.") + field.name,
               EncodeDictionaryDelta(dictionaries.*field.dictionary, base.*field.size));
  }
  writer.AddArray("col.user", batch.user);
  writer.AddArray("col.ts", batch.ts);
  writer.AddArray("col.event", batch.event);
  writer.AddArray("col.campaign", batch.campaign);
  writer.AddArray("col.message", batch.message);
  std::vector<uint32_t> number_keys;
  std::vector<uint32_t> string_keys;
  for (uint32_t key = 0; key < batch.properties.size(); ++key) {
    const PropertyColumn& property = batch.properties[key];
    if (!property.numbers.empty()) {
      number_keys.push_back(key);
      writer.AddArray(fmt::format("prop.n.{}", key), property.numbers);
    }
    if (!property.strings.empty()) {
      string_keys.push_back(key);
      writer.AddArray(fmt::format("prop.s.{}", key), property.strings);
    }
  }
  meta["number_properties"] = number_keys;
  meta["string_properties"] = string_keys;
  writer.Add("meta", meta.dump());
  return writer.WriteDurably(path);
}

Status LoadDictionaries(const std::vector<std::string>& segment_paths, Dictionaries& dictionaries) {
  for (const std::string& path : segment_paths) {
    PAYBACK_ASSIGN_OR_RETURN(SegmentReader reader, SegmentReader::Open(path));
    PAYBACK_ASSIGN_OR_RETURN(SegmentMeta meta, ReadMeta(reader, path));
    PAYBACK_RETURN_IF_ERROR(AppendDictionaries(reader, meta, dictionaries, path));
  }
  return Status::Ok();
}

Result<EventStore> LoadEventStore(const std::vector<std::string>& segment_paths) {
  EventStore store;
  for (const std::string& path : segment_paths) {
    PAYBACK_ASSIGN_OR_RETURN(SegmentReader reader, SegmentReader::Open(path));
    PAYBACK_ASSIGN_OR_RETURN(SegmentMeta meta, ReadMeta(reader, path));
    PAYBACK_RETURN_IF_ERROR(AppendDictionaries(reader, meta, store.dictionaries, path));
    EventColumns batch;
    const size_t rows = meta.rows;
    PAYBACK_ASSIGN_OR_RETURN(batch.user, reader.ReadArray<UserId>("col.user", rows));
    PAYBACK_ASSIGN_OR_RETURN(batch.ts, reader.ReadArray<TimestampUs>("col.ts", rows));
    PAYBACK_ASSIGN_OR_RETURN(batch.event, reader.ReadArray<EventNameId>("col.event", rows));
    PAYBACK_ASSIGN_OR_RETURN(batch.campaign, reader.ReadArray<CampaignId>("col.campaign", rows));
    PAYBACK_ASSIGN_OR_RETURN(batch.message, reader.ReadArray<MessageId>("col.message", rows));
    batch.properties.resize(store.dictionaries.property_keys.size());
    for (const uint32_t key : meta.number_keys) {
      if (key >= batch.properties.size()) return Status::Corruption(path + ": bad property key");
      PAYBACK_ASSIGN_OR_RETURN(batch.properties[key].numbers,
                               reader.ReadArray<int64_t>(fmt::format("prop.n.{}", key), rows));
    }
    for (const uint32_t key : meta.string_keys) {
      if (key >= batch.properties.size()) return Status::Corruption(path + ": bad property key");
      PAYBACK_ASSIGN_OR_RETURN(batch.properties[key].strings,
                               reader.ReadArray<StringId>(fmt::format("prop.s.{}", key), rows));
    }
    // Codes must be inside the dictionaries, or every later look-up would be out of bounds.
    const uint32_t users = store.dictionaries.users.size();
    const uint32_t event_names = store.dictionaries.event_names.size();
    const uint32_t campaigns = store.dictionaries.campaigns.size();
    const uint32_t messages = store.dictionaries.messages.size();
    for (size_t row = 0; row < rows; ++row) {
      if (batch.user[row] >= users || batch.event[row] >= event_names ||
          (batch.campaign[row] != kNoCampaign && batch.campaign[row] >= campaigns) ||
          batch.message[row] >= messages) {
        return Status::Corruption(fmt::format("{}: row {} has a code out of range", path, row));
      }
    }
    if (store.events.size() == 0) {
      store.events = std::move(batch);
    } else {
      store.events.Append(std::move(batch));
    }
  }
  const uint32_t user_count = store.dictionaries.users.size();
  store.events.properties.resize(store.dictionaries.property_keys.size());
  if (segment_paths.size() > 1) SortByUserThenTime(store.events, user_count);
  IndexUserRuns(store);
  return store;
}

void IndexUserRuns(EventStore& store) {
  const uint32_t user_count = store.dictionaries.users.size();
  store.user_starts.assign(static_cast<size_t>(user_count) + 1, 0);
  for (const UserId user : store.events.user) ++store.user_starts[user + 1];
  for (size_t user = 0; user < user_count; ++user) {
    store.user_starts[user + 1] += store.user_starts[user];
  }
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
