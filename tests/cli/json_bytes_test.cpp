// Lossless bytes in warp64's JSON: base64 against RFC 4648's test vectors (section 10), UTF-8
// validity against RFC 3629's definition, and bytes written by JsonObject::add_bytes read back
// by JsonValue::bytes.
#include <gtest/gtest.h>

#include <string>

#include "cli/base64.hpp"
#include "cli/json_reader.hpp"
#include "cli/json_writer.hpp"
#include "warp64/error.hpp"

namespace warp64::cli {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(base64_encode(bytes), text);
    EXPECT_EQ(base64_decode(text), bytes);
  }
  EXPECT_EQ(base64_encode(std::string("\xff\x00\xfe", 3)), "/wD+");
  EXPECT_FALSE(base64_decode("Zg="));       // not a multiple of 4
  EXPECT_FALSE(base64_decode("Z=g="));      // padding before data
  EXPECT_FALSE(base64_decode("Zg==Zg=="));  // padding before the end
  EXPECT_FALSE(base64_decode("Zm9*"));      // outside the alphabet
}

TEST(Utf8, Rfc3629Validity) {
  EXPECT_TRUE(JsonObject::valid_utf8("plain text\n"));
  EXPECT_TRUE(JsonObject::valid_utf8("\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // U+00E9, U+20AC, U+1F600
  EXPECT_FALSE(JsonObject::valid_utf8("\xe9"));                                   // Latin-1 é
  EXPECT_FALSE(JsonObject::valid_utf8("\xc0\xaf"));                               // overlong '/'
  EXPECT_FALSE(JsonObject::valid_utf8("\xed\xa0\x80"));                           // surrogate U+D800
  EXPECT_FALSE(JsonObject::valid_utf8("\xf4\x90\x80\x80"));                       // past U+10FFFF
  EXPECT_FALSE(JsonObject::valid_utf8("\xe2\x82"));                               // truncated
  EXPECT_FALSE(JsonObject::valid_utf8("\x80"));                                   // a lone continuation byte
}

TEST(JsonBytes, EveryByteRoundTrips) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  JsonObject object;
  object.add_bytes("text", "caf\xc3\xa9\n\"quoted\"\t").add_bytes("binary", all);
  const std::string json = object.str();
  EXPECT_NE(json.find("\"text\": \""), std::string::npos) << json;
  EXPECT_NE(json.find("\"binary_base64\": \""), std::string::npos) << json;
  const JsonValue value = JsonValue::parse(json);
  EXPECT_EQ(value.bytes("text"), "caf\xc3\xa9\n\"quoted\"\t");
  EXPECT_EQ(value.bytes("binary"), all);
  EXPECT_THROW(value.bytes("absent"), Error);
}

}  // namespace
}  // namespace warp64::cli
