// The extractor on sentences written for these tests in the style of Arabic
// news, with the built-in lexicon.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "extract/extractor.h"
#include "tests/extract_fixture.h"

namespace isnad {
namespace {

class ExtractorTest : public testing::ExtractFixture {};

TEST_F(ExtractorTest, FindsLexiconEntitiesThroughClitics) {
  Extraction ex = Run("وافقت بكين على بيع الرقائق لشركة نفيديا وللصين وعلي بابا.");
  const Mention* nvidia = FindMention(ex, "nvidia");
  ASSERT_NE(nvidia, nullptr);
  EXPECT_EQ(nvidia->surface, "نفيديا");
  EXPECT_EQ(nvidia->kind, "company");
  ASSERT_NE(FindMention(ex, "china"), nullptr);
  EXPECT_EQ(FindMention(ex, "china")->surface, "بكين");
  EXPECT_NE(FindMention(ex, "alibaba"), nullptr);
}

TEST_F(ExtractorTest, SpansPointAtTheSurface) {
  Extraction ex = Run("قال جنسن هوانغ إن شركة Nvidia ستشحن رقائق H20 إلى الصين.");
  ASSERT_FALSE(ex.mentions.empty());
  for (const Mention& m : ex.mentions) {
    EXPECT_EQ(ex.text.substr(m.span.begin, m.span.size()), m.surface) << m.entity;
  }
}

TEST_F(ExtractorTest, CueWordTypesAnUnseenLatinName) {
  Extraction ex = Run("وقعت شركة Zentrova اتفاقا مع مجموعة Halvex Systems لتوريد الرقائق.");
  const Mention* zentrova = FindMention(ex, "new:zentrova");
  ASSERT_NE(zentrova, nullptr);
  EXPECT_EQ(zentrova->kind, "company");
  EXPECT_EQ(zentrova->label, "Zentrova");
  const Mention* halvex = FindMention(ex, "new:halvex systems");
  ASSERT_NE(halvex, nullptr);
  EXPECT_EQ(halvex->label, "Halvex Systems");
}

TEST_F(ExtractorTest, ModelCodeIsAChip) {
  Extraction ex = Run("كشفت الشركة عن المعالج QX770 الجديد.");
  const Mention* m = FindMention(ex, "new:qx770");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->kind, "chip");
  EXPECT_EQ(FindMention(ex, "new:g20"), nullptr);
  EXPECT_EQ(FindMention(Run("اجتمع قادة مجموعة G20 في الرياض."), "new:g20"), nullptr);
}

TEST_F(ExtractorTest, VerbFirstRestriction) {
  Extraction ex = Run("حظرت الولايات المتحدة تصدير رقائق H20 إلى الصين.");
  EXPECT_TRUE(HasTriple(ex, "united_states", "restricts", "nvidia_h20")) << Dump(ex);
}

TEST_F(ExtractorTest, SubjectFirstMaking) {
  Extraction ex = Run("هواوي تطور رقاقة Ascend 910C لمراكز البيانات.");
  EXPECT_TRUE(HasTriple(ex, "huawei", "makes", "ascend_910c")) << Dump(ex);
}

TEST_F(ExtractorTest, CoordinatedObjectsAllGetTheRelation) {
  Extraction ex = Run("سمحت الولايات المتحدة لشركتي نفيديا وAMD ببيع الرقائق.");
  EXPECT_TRUE(HasTriple(ex, "united_states", "allows", "nvidia")) << Dump(ex);
  EXPECT_TRUE(HasTriple(ex, "united_states", "allows", "amd")) << Dump(ex);
}

TEST_F(ExtractorTest, NegationParticleNegates) {
  Extraction ex = Run("لم تشتر علي بابا رقائق H20 هذا العام.");
  EXPECT_TRUE(HasTriple(ex, "alibaba", "buys", "nvidia_h20", true)) << Dump(ex);
  EXPECT_FALSE(HasTriple(ex, "alibaba", "buys", "nvidia_h20", false)) << Dump(ex);
}

TEST_F(ExtractorTest, StillIsNotNegation) {
  Extraction ex = Run("لا تزال الصين تحظر رقائق H20.");
  EXPECT_TRUE(HasTriple(ex, "china", "restricts", "nvidia_h20", false)) << Dump(ex);
}

TEST_F(ExtractorTest, AppositionGivesLeads) {
  Extraction ex = Run("وصل جنسن هوانغ، الرئيس التنفيذي لشركة نفيديا، إلى بكين أمس.");
  EXPECT_TRUE(HasTriple(ex, "jensen_huang", "leads", "nvidia")) << Dump(ex);
}

TEST_F(ExtractorTest, CompanyBeforeChipIsTheMaker) {
  Extraction ex = Run("تراجعت مبيعات Nvidia H20 في الربع الأخير.");
  EXPECT_TRUE(HasTriple(ex, "nvidia", "makes", "nvidia_h20")) << Dump(ex);
  Extraction from = Run("يطلب المشترون رقائق H200 من Nvidia بكميات كبيرة.");
  EXPECT_TRUE(HasTriple(from, "nvidia", "makes", "nvidia_h200")) << Dump(from);
}

TEST_F(ExtractorTest, DirectQuoteWithSpeakerBefore) {
  Extraction ex =
      Run("وقال وزير التجارة هوارد لوتنيك: “سنواصل حماية التكنولوجيا الأمريكية من الصين”.");
  ASSERT_EQ(ex.statements.size(), 1u) << Dump(ex);
  const Statement& s = ex.statements[0];
  EXPECT_EQ(s.speaker, "howard_lutnick");
  EXPECT_EQ(s.text, "سنواصل حماية التكنولوجيا الأمريكية من الصين");
  EXPECT_NE(std::find(s.mentions.begin(), s.mentions.end(), "china"), s.mentions.end());
}

TEST_F(ExtractorTest, DirectQuoteWithSpeakerAfter) {
  Extraction ex = Run("“الطلب على رقائقنا هائل في كل مكان”، قال جنسن هوانغ للصحفيين.");
  ASSERT_EQ(ex.statements.size(), 1u) << Dump(ex);
  EXPECT_EQ(ex.statements[0].speaker, "jensen_huang");
  EXPECT_EQ(ex.statements[0].text, "الطلب على رقائقنا هائل في كل مكان");
}

TEST_F(ExtractorTest, ReportedSpeechKeepsTheComplementizer) {
  Extraction ex = Run("قالت وزارة الخارجية الصينية إن بكين تعارض القيود الأمريكية بشدة.");
  ASSERT_EQ(ex.statements.size(), 1u) << Dump(ex);
  EXPECT_EQ(ex.statements[0].speaker, "chinese_foreign_ministry");
  EXPECT_EQ(ex.statements[0].text, "إن بكين تعارض القيود الأمريكية بشدة");
}

TEST_F(ExtractorTest, DroppedSubjectContinuesTheLastSpeaker) {
  Extraction ex =
      Run("قال دونالد ترامب إن الاتفاق مع الصين قريب. وأضاف: “سنعلن التفاصيل الأسبوع المقبل”.");
  ASSERT_EQ(ex.statements.size(), 2u) << Dump(ex);
  EXPECT_EQ(ex.statements[1].speaker, "donald_trump");
}

TEST_F(ExtractorTest, UnnamedSpeakerGivesNoStatement) {
  Extraction ex = Run("قال مسؤول مطلع إن الصفقة ستتم قريبا.");
  EXPECT_TRUE(ex.statements.empty()) << Dump(ex);
}

TEST_F(ExtractorTest, NowIsNotAComplementizer) {
  // "الآن" folds to "الان"; without its article it would read as "أن".
  Extraction ex = Run("قال ترامب الآن شيئا آخر عن الرقائق.");
  EXPECT_TRUE(ex.statements.empty()) << Dump(ex);
}

TEST_F(ExtractorTest, InvalidUtf8IsRejected) {
  Extractor extractor(lexicon_);
  Document doc;
  doc.id = "bad";
  doc.text = std::string("نص \xFF", 6);
  Extraction ex;
  EXPECT_TRUE(extractor.Extract(doc, &ex).IsInvalidArgument());
}

// Found by fuzz_extractor on samples/002: the subject of "طلبيات" is resolved
// from "الشركتين" to a company named a sentence earlier. The triple used to
// take that earlier sentence as its evidence, with a span running across
// both; the evidence is the sentence of the trigger.
TEST_F(ExtractorTest, ATripleIsStatedByTheSentenceOfItsTrigger) {
  Extraction ex =
      Run("اتصلت كلتا الشركتين بـ Nvidia مباشرة للاستفسار عن التوريد.\n"
          "قال شخصان إن كلتا الشركتين مستعدتان لتقديم طلبيات كبيرة لـ H200.");
  ASSERT_EQ(ex.sentences.size(), 2u);
  const Triple* buys = FindTriple(ex, "nvidia", "buys", "nvidia_h200");
  ASSERT_NE(buys, nullptr) << Dump(ex);
  EXPECT_EQ(buys->sentence, 1u);
  for (const Triple& t : ex.triples) {
    const Span& s = ex.sentences.at(t.sentence).span;
    EXPECT_TRUE(s.begin <= t.span.begin && t.span.end <= s.end) << Dump(ex);
  }
}

}  // namespace
}  // namespace isnad
