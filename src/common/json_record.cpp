#include "common/json_record.hpp"

#include <nlohmann/json.hpp>

#include "common/base64.hpp"
#include "common/escape.hpp"

namespace dgram {

void append_json_record(std::string& out, const Record& record) {
  std::string time;
  append_timestamp(time, record.time);
  nlohmann::ordered_json object;
  object["time"] = std::move(time);
  object["from"] = net::address_text(record.from);
  object["port"] = record.from.port;
  object["size"] = record.size;
  object["truncated"] = record.shown.size() < record.size;
  if (is_valid_utf8(record.shown)) {
    object["text"] =
        std::string(reinterpret_cast<const char*>(record.shown.data()), record.shown.size());
  } else {
    std::string encoded;
    append_base64(encoded, record.shown);
    object["base64"] = std::move(encoded);
  }
  out += object.dump();
  out += '\n';
}

}  // namespace dgram
