#include "core/data/demo_plant_catalogue.h"

#include "core/data/demo_plant_random.h"

#include <QSet>
#include <QStringView>

#include <cmath>

namespace routing::demo {
namespace {

QString s(const char16_t *text)
{
    return QStringView(text).toString();
}

QStringList split(const char16_t *text)
{
    return s(text).split(QLatin1Char('|'));
}

struct ProcessDef
{
    const char16_t *code;
    const char16_t *name;
    bool outsourced;
    double setup, run, odExp, thickCoef, hardSens;
    int batch;
};

// Base times are chosen so that a typical operation (setup + run × quantity) takes 10–120 min.
constexpr double kTimeScale = 0.5;

const ProcessDef kProcesses[] = {
    {u"SAW01", u"절단", false, 8, 0.9, 1.6, 0.2, 0.8, 0},
    {u"CNC01", u"CNC 선반", false, 25, 2.6, 1.3, 0.5, 1.0, 0},
    {u"CNC02", u"CNC 정삭", false, 20, 1.9, 1.3, 0.4, 1.0, 0},
    {u"MCT01", u"머시닝센터", false, 35, 3.6, 1.1, 0.5, 1.0, 0},
    {u"MCT02", u"5축 가공", false, 60, 8.0, 1.0, 0.5, 0.9, 0},
    {u"DRL01", u"드릴링", false, 12, 0.7, 0.5, 0.6, 0.9, 0},
    {u"TAP01", u"탭핑", false, 10, 0.5, 0.3, 0.3, 0.8, 0},
    {u"MIL01", u"밀링", false, 20, 2.2, 1.0, 0.5, 1.0, 0},
    {u"GRD01", u"연삭", false, 30, 3.0, 1.4, 0.3, 0.6, 0},
    {u"GRD02", u"평면연삭", false, 25, 1.8, 1.8, 0.1, 0.6, 0},
    {u"LAP01", u"래핑", false, 15, 3.2, 1.9, 0.0, 0.5, 0},
    {u"POL01", u"폴리싱", false, 10, 1.3, 1.5, 0.0, 0.4, 0},
    {u"HT01", u"열처리", true, 0, 0.6, 1.2, 0.5, 0.0, 50},
    {u"PLT01", u"도금", true, 0, 0.4, 1.5, 0.2, 0.0, 100},
    {u"COAT", u"코팅", true, 0, 0.8, 1.5, 0.0, 0.0, 40},
    {u"PNT", u"도장", true, 0, 0.5, 1.5, 0.0, 0.0, 60},
    {u"WLD", u"용접", false, 20, 5.0, 1.0, 0.6, 0.3, 0},
    {u"DEB", u"디버링", false, 5, 0.7, 0.8, 0.2, 0.3, 0},
    {u"WSH", u"세척", false, 5, 0.3, 0.5, 0.0, 0.0, 0},
    {u"INSP", u"검사", false, 5, 0.7, 0.4, 0.0, 0.0, 0},
    {u"INSP2", u"정밀검사", false, 15, 2.6, 0.6, 0.2, 0.0, 0},
    {u"ASM01", u"조립", false, 15, 4.5, 0.5, 0.3, 0.0, 0},
    {u"BAL", u"밸런싱", false, 20, 3.5, 0.8, 0.0, 0.0, 0},
    {u"PRS01", u"프레스", false, 40, 0.2, 0.8, 0.5, 0.5, 0},
    {u"RUB01", u"고무 성형", false, 45, 0.9, 1.2, 0.5, 0.3, 0},
    {u"EDM01", u"방전가공", false, 30, 10.0, 1.0, 0.7, 0.2, 0},
    {u"MRK", u"각인", false, 5, 0.3, 0.0, 0.0, 0.0, 0},
    {u"LKT", u"누설시험", false, 10, 1.8, 0.5, 0.0, 0.0, 0},
    {u"PKG", u"포장", false, 3, 0.3, 0.6, 0.0, 0.0, 0},
    {u"BLS", u"쇼트 블라스트", false, 10, 0.5, 1.0, 0.0, 0.0, 0},
};

struct CentreDef
{
    const char16_t *process;
    const char16_t *code;
    const char16_t *name;
    double maxOdMm;
};

constexpr double kAny = 1e9;

const CentreDef kCentres[] = {
    {u"SAW01", u"WC-SAW-01", u"밴드쏘 1호기", 200},
    {u"SAW01", u"WC-SAW-02", u"밴드쏘 2호기 (대형)", kAny},
    {u"CNC01", u"WC-CNC-01", u"CNC 1호기", 40},
    {u"CNC01", u"WC-CNC-02", u"CNC 2호기", 200}, // the workhorse
    {u"CNC01", u"WC-CNC-03", u"CNC 3호기", 400},
    {u"CNC01", u"WC-CNC-04", u"CNC 4호기 (대형)", kAny},
    {u"CNC02", u"WC-CNC-05", u"CNC 5호기", 150},
    {u"CNC02", u"WC-CNC-06", u"CNC 6호기", kAny},
    {u"MCT01", u"WC-MCT-01", u"MCT 1호기", 200},
    {u"MCT01", u"WC-MCT-02", u"MCT 2호기", 400},
    {u"MCT01", u"WC-MCT-03", u"MCT 3호기 (대형)", kAny},
    {u"MCT02", u"WC-MCT-05", u"5축 MCT", kAny},
    {u"DRL01", u"WC-DRL-01", u"탁상 드릴", 80},
    {u"DRL01", u"WC-DRL-02", u"레이디얼 드릴", kAny},
    {u"TAP01", u"WC-DRL-03", u"탭핑기", kAny},
    {u"MIL01", u"WC-MIL-01", u"범용 밀링 1호기", kAny},
    {u"MIL01", u"WC-MIL-02", u"범용 밀링 2호기", kAny},
    {u"GRD01", u"WC-GRD-01", u"원통연삭기 1호기", 100},
    {u"GRD01", u"WC-GRD-02", u"원통연삭기 2호기", 250},
    {u"GRD01", u"WC-GRD-03", u"내면연삭기", kAny},
    {u"GRD02", u"WC-GRD-04", u"평면연삭기 1호기", 150},
    {u"GRD02", u"WC-GRD-05", u"평면연삭기 2호기", kAny},
    {u"LAP01", u"WC-LAP-01", u"래핑기 1호기", 120},
    {u"LAP01", u"WC-LAP-02", u"래핑기 2호기", kAny},
    {u"POL01", u"WC-POL-01", u"폴리싱 작업장", kAny},
    {u"HT01", u"OS-HT-01", u"(외주) 대성열처리", kAny},
    {u"HT01", u"OS-HT-02", u"(외주) 한국열처리", kAny},
    {u"PLT01", u"OS-PLT-01", u"(외주) 동양도금", kAny},
    {u"COAT", u"OS-CT-01", u"(외주) 세라코팅", kAny},
    {u"PNT", u"OS-PNT-01", u"(외주) 삼화도장", kAny},
    {u"WLD", u"WC-WLD-01", u"TIG 용접기", 150},
    {u"WLD", u"WC-WLD-02", u"용접 로봇", kAny},
    {u"DEB", u"WC-DEB-01", u"사상 작업장", kAny},
    {u"WSH", u"WC-WSH-01", u"초음파 세척기", kAny},
    {u"INSP", u"WC-QC-01", u"품질검사실", 200},
    {u"INSP", u"WC-QC-02", u"출하검사장", kAny},
    {u"INSP2", u"WC-QC-03", u"3차원 측정실", kAny},
    {u"ASM01", u"WC-ASM-01", u"조립 1라인", 100},
    {u"ASM01", u"WC-ASM-02", u"조립 2라인", kAny},
    {u"ASM01", u"WC-ASM-03", u"클린룸 조립", kAny},
    {u"BAL", u"WC-BAL-01", u"밸런싱기", kAny},
    {u"PRS01", u"WC-PRS-01", u"프레스 60톤", 100},
    {u"PRS01", u"WC-PRS-02", u"프레스 200톤", kAny},
    {u"RUB01", u"WC-RUB-01", u"고무 성형기 1호기", kAny},
    {u"RUB01", u"WC-RUB-02", u"고무 성형기 2호기", kAny},
    {u"EDM01", u"WC-EDM-01", u"와이어 방전기", kAny},
    {u"MRK", u"WC-MRK-01", u"레이저 마킹기", kAny},
    {u"LKT", u"WC-TST-01", u"누설 시험기", kAny},
    {u"PKG", u"WC-PKG-01", u"포장 작업장", kAny},
    {u"BLS", u"WC-BLS-01", u"쇼트 블라스트", kAny},
};

struct MaterialDef
{
    const char16_t *code;
    const char16_t *description;
    const char16_t *rawKind;
    double hardness;
    bool heatTreat, grind, lap, platable;
};

const MaterialDef kMaterials[] = {
    {u"SUS304", u"스테인리스강 304", u"", 1.35, false, false, false, false},
    {u"SUS316", u"스테인리스강 316", u"", 1.45, false, false, false, false},
    {u"SUS316L", u"스테인리스강 316L", u"", 1.45, false, false, false, false},
    {u"S45C", u"기계구조용 탄소강", u"", 1.0, true, false, false, true},
    {u"SCM440", u"크롬몰리브덴강", u"", 1.55, true, true, false, true},
    {u"SKD11", u"합금공구강", u"", 1.9, true, true, true, false},
    {u"SS400", u"일반구조용 압연강", u"", 0.9, false, false, false, true},
    {u"AL6061", u"알루미늄 합금 6061", u"", 0.55, false, false, false, false},
    {u"C3604", u"쾌삭 황동", u"", 0.6, false, false, false, false},
    {u"SIC", u"탄화규소 (SiC)", u"소결체", 3.0, false, true, true, false},
    {u"TC", u"초경합금 (WC)", u"소결체", 3.4, false, true, true, false},
    {u"CARBON", u"카본 그라파이트", u"소결체", 0.7, false, false, true, false},
    {u"PTFE", u"테프론 (PTFE)", u"", 0.45, false, false, false, false},
    {u"FKM", u"불소고무 (FKM)", u"고무 컴파운드", 0.4, false, false, false, false},
    {u"NBR", u"니트릴고무 (NBR)", u"고무 컴파운드", 0.35, false, false, false, false},
    {u"EPDM", u"EPDM 고무", u"고무 컴파운드", 0.35, false, false, false, false},
    {u"HC276", u"하스텔로이 C276", u"", 2.4, false, true, false, false},
    {u"DUPLEX", u"듀플렉스 스테인리스 2205", u"", 1.8, false, false, false, false},
    {u"FC250", u"회주철", u"주물", 0.85, false, false, false, true},
    {u"SCS14", u"스테인리스 주강", u"주물", 1.5, false, false, false, false},
    {u"IN718", u"인코넬 718", u"", 2.6, true, true, false, false},
};

struct ArchStep
{
    const char16_t *job;
    StepRule rule;
    double familyP; ///< chance that a family of this archetype has the step in its template
    double itemP;   ///< StepRule::Random only
};

struct Archetype
{
    double weight;
    const char16_t *nouns, *group1, *grp1, *itemType, *acct, *units, *rawKinds, *materials;
    double odLo, odHi, idLo, idHi, solidShare, thickLo, thickHi;
    std::vector<ArchStep> steps;
};

using R = StepRule;

// Eight kinds of part a seal maker builds; each family is a variation of one of them.
// Per archetype: weight; nouns; GROUP1; ITEM_GRP1; ITEM_TYPE; ITEM_ACCT; units; raw kinds;
// materials; OD range (mm); ID/OD ratio range; share of solid parts; thickness range (mm); and the
// candidate steps in routing order {job, rule, chance a family has it, chance per item (Random)}.
const std::vector<Archetype> &archetypes()
{
    // clang-format off
    static const std::vector<Archetype> all = {
        {0.20, u"시트 링|씰 링|메이팅 링|로테이팅 링|스테이셔너리 링", u"씰 부품", u"SR", u"반제품", u"20",
         u"EA", u"봉재|파이프", u"SIC|TC|CARBON|SUS316|SKD11|SCM440",
         30, 220, 0.6, 0.85, 0, 6, 25,
         {{u"SAW01", R::Always, 0.5, 1}, {u"CNC01", R::Always, 1, 1}, {u"CNC02", R::Always, 0.7, 1},
          {u"DRL01", R::Random, 0.3, 0.5}, {u"HT01", R::HeatTreat, 0.6, 1},
          {u"GRD02", R::Hard, 0.7, 1}, {u"GRD01", R::Hard, 0.5, 1},
          {u"LAP01", R::Lapping, 0.95, 1}, {u"POL01", R::Random, 0.5, 0.6},
          {u"WSH", R::Always, 0.8, 1}, {u"INSP2", R::LargeOd, 0.7, 1},
          {u"INSP", R::Always, 1, 1}, {u"MRK", R::Random, 0.5, 0.7}, {u"PKG", R::Always, 0.9, 1}}},
        {0.15, u"메카니컬 씰|카트리지 씰|더블 씰|벨로우즈 씰", u"씰 조립품", u"MS", u"제품", u"10",
         u"SET|SET|EA", u"봉재|단조품", u"SUS316|SUS304|DUPLEX|HC276|SCS14",
         20, 250, 0.4, 0.7, 0, 30, 120,
         {{u"CNC01", R::Always, 1, 1}, {u"MCT01", R::Always, 0.6, 1},
          {u"DRL01", R::Random, 0.7, 0.7}, {u"TAP01", R::Random, 0.6, 0.6},
          {u"DEB", R::Always, 0.9, 1}, {u"WSH", R::Always, 0.7, 1}, {u"INSP", R::Custom, 0.6, 1},
          {u"ASM01", R::Always, 1, 1}, {u"LKT", R::Always, 0.85, 1}, {u"BAL", R::LargeOd, 0.3, 1},
          {u"INSP2", R::Custom, 0.5, 1}, {u"INSP", R::Always, 1, 1},
          {u"MRK", R::Random, 0.6, 0.8}, {u"PKG", R::Always, 1, 1}}},
        {0.15, u"슬리브|샤프트|축 슬리브|스페이서", u"회전체", u"SH", u"부품", u"30",
         u"EA", u"봉재|파이프", u"S45C|SCM440|SUS304|SUS316|DUPLEX|IN718",
         15, 150, 0.5, 0.8, 0.3, 20, 300,
         {{u"SAW01", R::Always, 0.9, 1}, {u"CNC01", R::Always, 1, 1},
          {u"MIL01", R::Random, 0.4, 0.5}, {u"DRL01", R::Random, 0.5, 0.5},
          {u"TAP01", R::Random, 0.4, 0.5}, {u"DEB", R::Always, 0.8, 1},
          {u"HT01", R::HeatTreat, 0.6, 1}, {u"CNC02", R::Always, 0.6, 1},
          {u"GRD01", R::Hard, 0.85, 1}, {u"POL01", R::Random, 0.3, 0.5},
          {u"PLT01", R::Platable, 0.4, 1}, {u"INSP", R::Always, 1, 1}, {u"PKG", R::Always, 0.8, 1}}},
        {0.15, u"하우징|글랜드|플랜지|커버|씰 박스", u"하우징류", u"HS", u"부품", u"30",
         u"EA", u"주물|판재|봉재", u"FC250|SCS14|SUS304|SS400|S45C|AL6061|DUPLEX",
         60, 600, 0.3, 0.7, 0, 15, 150,
         {{u"SAW01", R::Always, 0.5, 1}, {u"CNC01", R::Always, 1, 1}, {u"MCT01", R::Always, 0.9, 1},
          {u"MCT02", R::Custom, 0.25, 1}, {u"DRL01", R::Always, 0.8, 1},
          {u"TAP01", R::Random, 0.7, 0.8}, {u"EDM01", R::Custom, 0.1, 1},
          {u"DEB", R::Always, 1, 1}, {u"WLD", R::LargeOd, 0.3, 1}, {u"BLS", R::Random, 0.35, 0.7},
          {u"PNT", R::Platable, 0.3, 1}, {u"PLT01", R::Platable, 0.2, 1},
          {u"WSH", R::Always, 0.6, 1}, {u"INSP", R::Always, 1, 1}, {u"INSP2", R::LargeOd, 0.5, 1},
          {u"MRK", R::Random, 0.4, 0.7}, {u"PKG", R::Always, 0.9, 1}}},
        {0.10, u"오링|가스켓|립 씰|다이어프램|벨로우즈", u"고무류", u"RB", u"부품", u"30",
         u"EA", u"고무 컴파운드", u"FKM|NBR|EPDM|PTFE",
         10, 300, 0.7, 0.95, 0, 1.5, 8,
         {{u"RUB01", R::Always, 1, 1}, {u"DEB", R::Always, 0.8, 1}, {u"PRS01", R::Random, 0.5, 0.5},
          {u"CNC02", R::Random, 0.3, 0.5}, {u"WSH", R::Random, 0.3, 0.5},
          {u"INSP", R::Always, 1, 1}, {u"PKG", R::Always, 1, 1}}},
        {0.08, u"스프링 리테이너|스러스트 와셔|브라켓|드라이브 칼라|스냅 링", u"프레스류", u"PR", u"부품", u"30",
         u"EA", u"판재", u"SUS304|SUS316|SS400|S45C|SCM440",
         15, 200, 0.5, 0.8, 0, 1, 10,
         {{u"PRS01", R::Always, 1, 1}, {u"SAW01", R::Random, 0.3, 0.5},
          {u"DRL01", R::Random, 0.6, 0.6}, {u"TAP01", R::Random, 0.3, 0.5},
          {u"DEB", R::Always, 1, 1}, {u"HT01", R::HeatTreat, 0.5, 1}, {u"GRD02", R::Hard, 0.5, 1},
          {u"PLT01", R::Platable, 0.4, 1}, {u"WSH", R::Always, 0.4, 1}, {u"INSP", R::Always, 1, 1},
          {u"PKG", R::Always, 1, 1}}},
        {0.05, u"임펠러|씰 서포트 시스템|베이스 플레이트|쿨러 조립체|펌프 케이싱", u"용접 구조물", u"WD", u"제품", u"10",
         u"SET|EA", u"판재|파이프", u"SS400|SUS304|SUS316|DUPLEX|SCS14",
         150, 1000, 0.2, 0.6, 0, 20, 300,
         {{u"SAW01", R::Always, 1, 1}, {u"WLD", R::Always, 1, 1}, {u"DEB", R::Always, 1, 1},
          {u"CNC01", R::Always, 1, 1}, {u"MCT01", R::Always, 0.8, 1},
          {u"DRL01", R::Always, 0.7, 1}, {u"TAP01", R::Random, 0.6, 0.8},
          {u"HT01", R::HeatTreat, 0.4, 1}, {u"BLS", R::Always, 0.6, 1}, {u"GRD01", R::Hard, 0.4, 1},
          {u"INSP", R::Custom, 0.7, 1}, {u"PNT", R::Always, 0.5, 1},
          {u"COAT", R::Random, 0.3, 0.5}, {u"ASM01", R::Always, 0.8, 1},
          {u"BAL", R::Always, 0.6, 1}, {u"LKT", R::Always, 0.5, 1}, {u"INSP2", R::Always, 0.8, 1},
          {u"INSP", R::Always, 1, 1}, {u"MRK", R::Always, 0.5, 1}, {u"PKG", R::Always, 1, 1}}},
        {0.12, u"베어링 홀더|부싱|커플링|드라이브 핀|어댑터|칼라", u"정밀 부품", u"PC", u"부품", u"30",
         u"EA", u"봉재|단조품", u"SUS316|SUS304|SCM440|SKD11|C3604|AL6061|HC276|IN718",
         10, 180, 0.3, 0.7, 0.15, 5, 80,
         {{u"SAW01", R::Always, 0.7, 1}, {u"CNC01", R::Always, 1, 1},
          {u"CNC02", R::Always, 0.8, 1}, {u"MCT01", R::Always, 0.6, 1},
          {u"MCT02", R::Custom, 0.2, 1}, {u"DRL01", R::Always, 0.6, 1},
          {u"TAP01", R::Random, 0.5, 0.7}, {u"DEB", R::Always, 0.9, 1},
          {u"HT01", R::HeatTreat, 0.5, 1}, {u"GRD01", R::Hard, 0.7, 1},
          {u"GRD02", R::Hard, 0.4, 1}, {u"LAP01", R::Lapping, 0.25, 1},
          {u"COAT", R::Random, 0.2, 0.5}, {u"WSH", R::Always, 0.7, 1}, {u"INSP", R::Custom, 0.8, 1},
          {u"INSP2", R::LargeOd, 0.6, 1}, {u"INSP", R::Always, 1, 1},
          {u"MRK", R::Random, 0.5, 0.6}, {u"PKG", R::Always, 1, 1}}},
    };
    // clang-format on
    return all;
}

// PART_TYPE codes as the reference plant spells them: letters, digits, '#', a dash.
QString partTypeCode(DemoRandom &rng)
{
    static const QString letters = QStringLiteral("ABCDEFGHJKLMNPRSTUVWXYZ");
    auto letter = [&] { return letters.at(rng.uniformInt(0, int(letters.size()) - 1)); };
    auto digit = [&] { return QChar(u'0' + rng.uniformInt(0, 9)); };
    QString code;
    const double u = rng.uniform();
    if (u < 0.35) {
        for (int i = 0; i < 3; ++i)
            code += letter();
    } else if (u < 0.60) {
        code = QString::number(rng.uniformInt(100, 999));
    } else if (u < 0.70) {
        code = QString::number(rng.uniformInt(10, 99)) + QLatin1Char('#');
        code += digit(); // a separate statement: operands of + have no evaluation order
    } else if (u < 0.90) {
        code += letter();
        code += letter();
        for (int i = rng.uniformInt(1, 3); i > 0; --i)
            code += digit();
        if (rng.chance(0.4))
            code += letter();
    } else {
        for (int i = 0; i < 3; ++i)
            code += letter();
        code += QLatin1Char('-');
        code += letter();
    }
    return code;
}

QString sealTypeCode(DemoRandom &rng)
{
    static const QStringList heads = {
        QStringLiteral("H"),  QStringLiteral("M"),   QStringLiteral("HJ"), QStringLiteral("U"),
        QStringLiteral("MG"), QStringLiteral("RMG"), QStringLiteral("QB"), QStringLiteral("BT")};
    static const QStringList tails = {QString(), QStringLiteral("N"), QStringLiteral("D"),
                                      QStringLiteral("GN"), QStringLiteral("S")};
    // One draw per statement: the operands of + are evaluated in an unspecified order.
    QString code = rng.pick(heads);
    code += QString::number(rng.uniformInt(1, 999));
    code += rng.pick(tails);
    return code;
}

} // namespace

int Catalogue::processIndex(const QString &code) const
{
    for (size_t i = 0; i < processes.size(); ++i) {
        if (processes[i].code == code)
            return int(i);
    }
    return -1;
}

Catalogue Catalogue::build(quint64 seed)
{
    Catalogue c;
    DemoRandom rng(streamSeed(seed, 1));

    for (const ProcessDef &d : kProcesses) {
        Process p;
        p.code = s(d.code);
        p.name = s(d.name);
        p.outsourced = d.outsourced;
        // The table holds a large-part shop's minutes; the demo plant runs at half that scale so that a
        // typical operation (setup + run x lot) takes ~15-30 minutes, the scale the operator manual's
        // MAE thresholds (5 / 10 minutes per operation) are written for.
        p.setupBase = d.setup * kTimeScale;
        p.runBase = d.run * kTimeScale;
        p.odExp = d.odExp;
        p.thickCoef = d.thickCoef;
        p.hardSens = d.hardSens;
        p.batch = d.batch;
        p.runBias = rng.uniform(0.7, 1.4);
        p.setupBias = rng.uniform(0.7, 1.4);
        p.noiseSigma = rng.uniform(0.10, 0.18);
        c.processes.push_back(std::move(p));
    }
    for (const CentreDef &d : kCentres) {
        WorkCentre w;
        w.code = s(d.code);
        w.name = s(d.name);
        w.process = c.processIndex(s(d.process));
        Q_ASSERT(w.process >= 0);
        w.maxOdMm = d.maxOdMm;
        w.speed = rng.uniform(0.8, 1.3);
        w.setupFactor = rng.uniform(0.8, 1.25);
        w.hardAmp = rng.uniform(0.8, 1.3);
        c.processes[size_t(w.process)].centres.push_back(int(c.centres.size()));
        c.centres.push_back(std::move(w));
    }
    for (const MaterialDef &d : kMaterials) {
        c.materials.push_back({s(d.code), s(d.description), s(d.rawKind), d.hardness, d.heatTreat,
                               d.grind, d.lap, d.platable});
    }
    auto materialIndex = [&](const QString &code) {
        for (size_t i = 0; i < c.materials.size(); ++i) {
            if (c.materials[i].code == code)
                return int(i);
        }
        return -1;
    };

    const std::vector<Archetype> &arch = archetypes();
    std::vector<double> archCum;
    for (const Archetype &a : arch)
        archCum.push_back((archCum.empty() ? 0.0 : archCum.back()) + a.weight);

    static const QStringList sealGroups = {QStringLiteral("SINGLE"),  QStringLiteral("DOUBLE"),
                                           QStringLiteral("TANDEM"),  QStringLiteral("CARTRIDGE"),
                                           QStringLiteral("BELLOWS"), QStringLiteral("PUSHER")};
    // The first codes are the ones operators of the reference plant know; the rest are invented.
    const QStringList known = {QStringLiteral("KBM"), QStringLiteral("233"), QStringLiteral("11#1"),
                               QStringLiteral("HJ92N")};
    QSet<QString> used;
    for (int f = 0; f < kFamilyCount; ++f) {
        Family fam;
        do {
            fam.partType = f < known.size() ? known.at(f) : partTypeCode(rng);
        } while (used.contains(fam.partType));
        used.insert(fam.partType);
        fam.codePrefix = fam.partType;
        fam.codePrefix.replace(QLatin1Char('#'), QLatin1Char('N')).remove(QLatin1Char('-'));

        fam.archetype = rng.weighted(archCum);
        const Archetype &a = arch[size_t(fam.archetype)];
        fam.nouns = split(a.nouns);
        fam.group1 = s(a.group1);
        fam.itemGrp1 = s(a.grp1);
        fam.itemType = s(a.itemType);
        fam.itemAcct = s(a.acct);
        fam.units = split(a.units);
        fam.rawKinds = split(a.rawKinds);
        for (const ArchStep &st : a.steps) {
            if (st.familyP >= 1 || rng.chance(st.familyP))
                fam.steps.push_back({c.processIndex(s(st.job)), st.rule, st.itemP});
        }
        // Two to four preferred materials, the first the most common.
        QStringList candidates = split(a.materials);
        const int nMat = std::min<int>(int(candidates.size()), rng.uniformInt(2, 4));
        double weight = 1.0;
        for (int m = 0; m < nMat; ++m) {
            const int pickAt = rng.uniformInt(0, int(candidates.size()) - 1);
            fam.materials.push_back(materialIndex(candidates.takeAt(pickAt)));
            fam.materialCum.push_back((fam.materialCum.empty() ? 0 : fam.materialCum.back()) +
                                      weight);
            weight *= rng.uniform(0.25, 0.6);
        }
        fam.odMedianMm = std::exp(rng.uniform(std::log(a.odLo), std::log(a.odHi)));
        fam.odSigma = rng.uniform(0.15, 0.4);
        fam.idRatio = rng.chance(a.solidShare) ? 0.0 : rng.uniform(a.idLo, a.idHi);
        fam.thickMedianMm = std::exp(rng.uniform(std::log(a.thickLo), std::log(a.thickHi)));
        fam.inchShare = rng.chance(0.12) ? rng.uniform(0.4, 0.8) : rng.uniform(0.0, 0.03);
        fam.standardShare = rng.uniform(0.2, 0.85);
        fam.qtyMedian = std::clamp(
            rng.lognormal(std::log(6.0), 0.5) * std::pow(50.0 / fam.odMedianMm, 0.5), 1.0, 40.0);
        fam.detailed = rng.chance(0.15);
        fam.hidden = rng.noise(0.18);
        fam.orderRate = rng.noise(0.5);
        fam.sealTypeGroup = rng.pick(sealGroups);
        for (int k = rng.uniformInt(3, 25); k > 0; --k)
            fam.sealTypeCodes.append(sealTypeCode(rng));
        c.families.push_back(std::move(fam));
    }
    // Zipf with exponent 1.02 over 400 ranks puts 16% of the items in the top family.
    for (int f = 0; f < kFamilyCount; ++f)
        c.familyCum.push_back((c.familyCum.empty() ? 0.0 : c.familyCum.back()) +
                              std::pow(double(f + 1), -1.02));
    return c;
}

} // namespace routing::demo
