#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

namespace routing::demo {

/// Why a family's routing step is present on a given item.
enum class StepRule : quint8 {
    Always,    ///< every item of the family
    Hard,      ///< hard material or a precision (tight-tolerance) item: grinding
    HeatTreat, ///< heat-treatable material
    Lapping,   ///< seal-face materials (SiC, carbide, carbon)
    LargeOd,   ///< outer diameter above 150 mm: extra inspection, welding, balancing
    Custom,    ///< custom (STANDARD_YN = 'N') items
    Platable,  ///< carbon steels and cast iron: plating / painting
    Random,    ///< item-dependent choice with the step's probability
};

/// A process (JOB_CD) and the parameters of its true time model.
struct Process
{
    QString code;
    QString name;
    bool outsourced = false;
    double setupBase = 0; ///< true setup minutes per order at an average centre
    double runBase = 0;   ///< true run minutes per unit, 50 mm, hardness 1, average centre
    double odExp = 1.0;   ///< run grows as (OD / 50)^odExp
    double thickCoef = 0; ///< weight of the thickness term
    double hardSens = 1;  ///< run grows as hardness^hardSens
    int batch = 0;        ///< > 0: a batch process, run time per started batch of this size
    // Drawn from the seed:
    double runBias = 1;   ///< planners' standard run / true run
    double setupBias = 1; ///< planners' standard setup / true setup
    double noiseSigma = 0.2;
    std::vector<int> centres; ///< indices into Catalogue::centres, by ascending capacity
};

/// A work centre (RES_CD / RES_DIS) of one process.
struct WorkCentre
{
    QString code;
    QString name;
    int process = 0;
    double maxOdMm = 1e9; ///< the largest part it takes (the router picks the smallest that fits)
    double speed = 1;     ///< multiplies run time (drawn from the seed)
    double setupFactor = 1;
    double hardAmp = 1; ///< old machines suffer more from hard materials
};

struct Material
{
    QString code;
    QString description;
    QString rawKind; ///< forced raw-material kind (sintered, cast, rubber) or empty
    double hardness = 1;
    bool heatTreat = false;
    bool grind = false;
    bool lap = false;
    bool platable = false;
};

struct FamilyStep
{
    int process = 0;
    StepRule rule = StepRule::Always;
    double itemP = 1; ///< for StepRule::Random
};

/// A part family (PART_TYPE): its routing template, materials, dimensions and order pattern.
struct Family
{
    QString partType;
    QString codePrefix;
    QStringList nouns;
    QString itemType, itemAcct, itemGrp1, group1;
    QStringList units;
    QStringList rawKinds;
    int archetype = 0;
    std::vector<FamilyStep> steps;
    std::vector<int> materials;
    std::vector<double> materialCum;
    double odMedianMm = 50, odSigma = 0.3;
    double idRatio = 0.6; ///< 0: solid parts (no inner diameter)
    double thickMedianMm = 10;
    double inchShare = 0.02;
    double standardShare = 0.5;
    double qtyMedian = 10;
    bool detailed = false; ///< its planner lists a check after every machining step
    double hidden = 1;     ///< family-specific time factor no attribute explains
    double orderRate = 1;  ///< orders per item and year (before the item's own factor)
    QString sealTypeGroup;
    QStringList sealTypeCodes;
};

/// The plant's fixed vocabulary (processes, work centres, materials) and its ~400 families,
/// all derived from the seed.
struct Catalogue
{
    std::vector<Process> processes;
    std::vector<WorkCentre> centres;
    std::vector<Material> materials;
    std::vector<Family> families;
    std::vector<double> familyCum; ///< Zipf weights: the top family holds ~16% of the items

    int processIndex(const QString &code) const;

    static constexpr int kFamilyCount = 400;
    static Catalogue build(quint64 seed);
};

} // namespace routing::demo
