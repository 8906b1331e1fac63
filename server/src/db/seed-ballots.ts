import type { Kysely } from 'kysely';
import type { BallotCreateInput } from '../schemas/ballots.js';
import { confirmVote, insertBallot, insertVote, loadBallot, voterOf } from '../services/ballots/index.js';
import type { Database } from './types.js';

type Texts = { ar: string; fr: string; en: string; zgh: string };

export const DEMO_BALLOT = 'solidarity-awards-2026';
const DAY_MS = 86_400_000;
const DEMO_ORIGINS = ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://localhost:5173'];

const t = (fr: string, ar: string, en: string, zgh: string): Texts => ({ ar, fr, en, zgh });

interface SeedFinalist {
  id: string;
  name: Texts;
  association: Texts;
  city: Texts;
  summary: Texts;
}

interface SeedCategory {
  id: string;
  motif: string;
  title: Texts;
  photoAlt: Texts;
  finalists: SeedFinalist[];
}

const CATEGORIES: SeedCategory[] = [
  {
    id: 'best-citizen-initiative',
    motif: 'citizen',
    title: t(
      'Meilleure initiative citoyenne',
      'أفضل مبادرة مواطنة',
      'Best citizen initiative',
      'ⵜⴰⵏⴰⴷⴰⵎⵜ ⵜⴰⵖⵔⴼⴰⵏⵜ ⵉⴼⵓⵍⴽⵉⵏ',
    ),
    photoAlt: t(
      'Illustration : une goutte d’eau au-dessus d’un champ',
      'رسم: قطرة ماء فوق حقل',
      'Illustration: a drop of water over a field',
      'ⴰⵙⵓⵏⵖ: ⵜⴰⵎⵍⵍⴰⵍⵜ ⵏ ⵡⴰⵎⴰⵏ',
    ),
    finalists: [
      {
        id: 'shared-gardens-hay-mohammadi',
        name: t(
          'Jardins partagés de Hay Mohammadi',
          'الحدائق المشتركة بالحي المحمدي',
          'Hay Mohammadi shared gardens',
          'ⵉⵎⴰⵢⵏ ⵏ ⵃⴰⵢ ⵎⵓⵃⵎⵎⴰⴷⵉ',
        ),
        association: t('Association Nour', 'جمعية النور', 'Nour Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏⵓⵔ'),
        city: t('Casablanca', 'الدار البيضاء', 'Casablanca', 'ⴰⵏⴼⴰ'),
        summary: t(
          'Des toits d’immeubles devenus potagers pour 60 familles.',
          'أسطح عمارات تحولت إلى حدائق خضر لستين أسرة.',
          'Rooftops turned into vegetable gardens for 60 families.',
          'ⵉⵏⵏⴰⵏ ⵏ ⵜⴳⵯⵎⵎⴰ ⴷ ⵉⵎⴰⵢⵏ ⵉ 60 ⵏ ⵜⴰⵡⵊⵉⵡⵉⵏ.',
        ),
      },
      {
        id: 'water-ait-bouguemez',
        name: t(
          'De l’eau potable pour Aït Bouguemez',
          'ماء الشرب لآيت بوكماز',
          'Drinking water for Aït Bouguemez',
          'ⴰⵎⴰⵏ ⵉ ⴰⵢⵜ ⴱⵓⴳⵎⵎⴰⵣ',
        ),
        association: t('Association Tiwizi', 'جمعية تويزي', 'Tiwizi Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⵉⵡⵉⵣⵉ'),
        city: t('Azilal', 'أزيلال', 'Azilal', 'ⴰⵣⵉⵍⴰⵍ'),
        summary: t(
          'Quatre villages reliés à une source par les habitants eux-mêmes.',
          'أربعة دواوير رُبطت بعين ماء بسواعد سكانها.',
          'Four villages connected to a spring by their own people.',
          'ⴽⴽⵓⵥ ⵉⵖⵔⵎⴰⵏ ⵇⵇⵏⵏ ⵖⵔ ⵜⵉⵟⵟ ⵙ ⵉⴼⴰⵙⵙⵏ ⵏ ⵎⵉⴷⴷⵏ ⵏⵏⵙⵏ.',
        ),
      },
      {
        id: 'ramps-for-all-fes',
        name: t('Des rampes pour tous à Fès', 'منحدرات للجميع بفاس', 'Ramps for all in Fez', 'ⵜⵉⵖⵓⵍⵉⵏ ⵉ ⵎⴰⵕⵕⴰ ⴳ ⴼⴰⵙ'),
        association: t('Association Accès Fès', 'جمعية الولوج فاس', 'Access Fez Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⴰⴽⵛⵛⵓⵎ ⴼⴰⵙ'),
        city: t('Fès', 'فاس', 'Fez', 'ⴼⴰⵙ'),
        summary: t(
          'Cent vingt entrées de la médina rendues accessibles en fauteuil.',
          'مائة وعشرون مدخلا بالمدينة القديمة صارت في متناول الكراسي المتحركة.',
          'A hundred and twenty doorways of the medina made wheelchair accessible.',
          '120 ⵏ ⵉⵎⵓⵔⴰ ⴳ ⵜⵎⴷⵉⵏⵜ ⵜⴰⵇⴱⵓⵔⵜ.',
        ),
      },
    ],
  },
  {
    id: 'best-educational-initiative',
    motif: 'education',
    title: t(
      'Meilleure initiative éducative',
      'أفضل مبادرة تربوية',
      'Best educational initiative',
      'ⵜⴰⵏⴰⴷⴰⵎⵜ ⵏ ⵓⵙⴳⵎⵉ ⵉⴼⵓⵍⴽⵉⵏ',
    ),
    photoAlt: t(
      'Illustration : un livre ouvert',
      'رسم: كتاب مفتوح',
      'Illustration: an open book',
      'ⴰⵙⵓⵏⵖ: ⴰⴷⵍⵉⵙ ⵉⵕⵥⵎⵏ',
    ),
    finalists: [
      {
        id: 'bookbus-tounfite',
        name: t('Le bibliobus des douars', 'الحافلة المكتبة للدواوير', 'The villages’ book bus', 'ⵜⴰⴽⴰⵕⵕⵓⵙⵜ ⵏ ⵉⴷⵍⵉⵙⵏ'),
        association: t('Association Iqraa', 'جمعية اقرأ', 'Iqraa Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵉⵇⵔⴰ'),
        city: t('Tounfite', 'تونفيت', 'Tounfite', 'ⵜⵓⵏⴼⵉⵜ'),
        summary: t(
          'Trois mille livres qui montent chaque semaine vers les écoles de montagne.',
          'ثلاثة آلاف كتاب تصعد كل أسبوع إلى مدارس الجبل.',
          'Three thousand books climbing to the mountain schools every week.',
          'ⴽⵕⴰⴹ ⵉⴼⴹⵏ ⵏ ⵉⴷⵍⵉⵙⵏ ⵖⵔ ⵜⵉⵏⵎⵍⴰ ⵏ ⵡⴰⴷⵔⴰⵔ.',
        ),
      },
      {
        id: 'evening-tutoring-essaouira',
        name: t('Le soutien scolaire du soir', 'الدعم المدرسي المسائي', 'Evening tutoring', 'ⴰⵙⵎⴷⵢⵓ ⵏ ⵜⵏⵣⵉ'),
        association: t(
          'Association Amal Essaouira',
          'جمعية أمل الصويرة',
          'Amal Essaouira Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⴰⵎⴰⵍ ⵜⴰⵚⵚⵓⵉⵔⵜ',
        ),
        city: t('Essaouira', 'الصويرة', 'Essaouira', 'ⵜⴰⵚⵚⵓⵉⵔⵜ'),
        summary: t(
          'Des étudiants bénévoles aident 200 collégiens chaque soir.',
          'طلبة متطوعون يساعدون مائتي تلميذ كل مساء.',
          'Student volunteers help 200 pupils every evening.',
          'ⵉⵏⵍⵎⴰⴷⵏ ⵉⵎⵢⴰⵡⴰⵙⵏ ⴰⴷ ⵄⴰⵡⵏⵏ 200 ⵏ ⵉⵏⵍⵎⴰⴷⵏ.',
        ),
      },
      {
        id: 'code-for-girls-ouarzazate',
        name: t(
          'Du code pour les filles du Sud',
          'البرمجة لفتيات الجنوب',
          'Coding for the girls of the South',
          'ⴰⵙⴳⵎⵉ ⵏ ⵓⵙⵏⵓⵍⴼⵓ ⵉ ⵜⵉⵀⵉⵢⵢⴰ',
        ),
        association: t(
          'Association Tafoukt Numérique',
          'جمعية تافوكت الرقمية',
          'Tafoukt Digital Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⴼⵓⴽⵜ',
        ),
        city: t('Ouarzazate', 'ورزازات', 'Ouarzazate', 'ⵡⴰⵔⵣⴰⵣⴰⵜ'),
        summary: t(
          'Un atelier du samedi où 80 lycéennes créent leurs premières applications.',
          'ورشة كل سبت تصمم فيها ثمانون تلميذة أولى تطبيقاتهن.',
          'A Saturday workshop where 80 schoolgirls build their first apps.',
          'ⴰⵙⵏⵙ ⵏ ⵓⵙⵉⵎⵡⴰⵙ ⵉ 80 ⵏ ⵜⵏⵍⵎⴰⴷⵉⵏ.',
        ),
      },
    ],
  },
  {
    id: 'association-of-the-year',
    motif: 'association',
    title: t('Association de l’année', 'جمعية السنة', 'Association of the year', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⵓⵙⴳⴳⵯⴰⵙ'),
    photoAlt: t('Illustration : une étoile', 'رسم: نجمة', 'Illustration: a star', 'ⴰⵙⵓⵏⵖ: ⵉⵜⵔⵉ'),
    finalists: [
      {
        id: 'tamount-midelt',
        name: t('Association Tamount', 'جمعية تامونت', 'Tamount Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⵎⵓⵏⵜ'),
        association: t('Association Tamount', 'جمعية تامونت', 'Tamount Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⵎⵓⵏⵜ'),
        city: t('Midelt', 'ميدلت', 'Midelt', 'ⵎⵉⴷⵍⵜ'),
        summary: t(
          'Vingt ans de coopératives de femmes dans la haute Moulouya.',
          'عشرون سنة من التعاونيات النسائية في ملوية العليا.',
          'Twenty years of women’s cooperatives in the upper Moulouya.',
          'ⵙⵉⵏ ⵉⴷ ⵎⵔⴰⵡ ⵏ ⵓⵙⴳⴳⵯⴰⵙ ⵏ ⵜⵎⵙⵙⵓⵔⵉⵏ ⵏ ⵜⵎⵖⴰⵔⵉⵏ.',
        ),
      },
      {
        id: 'rahma-tangier',
        name: t(
          'Association Rahma Solidarité',
          'جمعية الرحمة للتضامن',
          'Rahma Solidarity Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵔⴰⵃⵎⴰ',
        ),
        association: t(
          'Association Rahma Solidarité',
          'جمعية الرحمة للتضامن',
          'Rahma Solidarity Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵔⴰⵃⵎⴰ',
        ),
        city: t('Tanger', 'طنجة', 'Tangier', 'ⵟⴰⵏⵊⴰ'),
        summary: t(
          'Repas chauds et accompagnement pour les personnes sans abri.',
          'وجبات ساخنة ومرافقة للأشخاص بدون مأوى.',
          'Hot meals and support for people without a home.',
          'ⵉⵎⵏⸯⵉ ⵉⵃⵎⵎⴰⵏ ⵉ ⵡⵉⵏ ⵓⵔ ⵉⵍⵍⴰⵏ ⵖⵔ ⵙⵏ ⵜⵉⴳⵎⵎⵉ.',
        ),
      },
      {
        id: 'green-oasis-errachidia',
        name: t(
          'Association Oasis Verte',
          'جمعية الواحة الخضراء',
          'Green Oasis Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⵎⴰⵣⴰⵔⵜ ⵜⴰⵣⴳⵣⴰⵡⵜ',
        ),
        association: t(
          'Association Oasis Verte',
          'جمعية الواحة الخضراء',
          'Green Oasis Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⵎⴰⵣⴰⵔⵜ ⵜⴰⵣⴳⵣⴰⵡⵜ',
        ),
        city: t('Errachidia', 'الرشيدية', 'Errachidia', 'ⵉⵎⵜⵖⵔⴰⵏ'),
        summary: t(
          'Dix mille palmiers replantés et les khettaras remises en eau.',
          'عشرة آلاف نخلة أعيد غرسها والخطارات عادت إليها المياه.',
          'Ten thousand palm trees replanted and the khettaras flowing again.',
          'ⵎⵔⴰⵡ ⵉⴼⴹⵏ ⵏ ⵜⴰⵣⴷⴷⴰⵢⵉⵏ ⵜⵜⵓⵥⵓⵏⵜ ⴷⴰⵖ.',
        ),
      },
    ],
  },
  {
    id: 'volunteer-of-the-year',
    motif: 'volunteer',
    title: t('Bénévole de l’année', 'متطوع(ة) السنة', 'Volunteer of the year', 'ⴰⵎⵢⴰⵡⴰⵙ ⵏ ⵓⵙⴳⴳⵯⴰⵙ'),
    photoAlt: t('Illustration : un cœur', 'رسم: قلب', 'Illustration: a heart', 'ⴰⵙⵓⵏⵖ: ⵓⵍ'),
    finalists: [
      {
        id: 'itto-oubaha',
        name: t('Itto Oubaha', 'إيطو أوباها', 'Itto Oubaha', 'ⵉⵟⵟⵓ ⵓⴱⴰⵀⴰ'),
        association: t('Association Amal', 'جمعية الأمل', 'Amal Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵍⴰⵎⴰⵍ'),
        city: t('Tounfite', 'تونفيت', 'Tounfite', 'ⵜⵓⵏⴼⵉⵜ'),
        summary: t(
          'Elle organise chaque hiver la distribution de couvertures dans 14 douars.',
          'تنظم كل شتاء توزيع الأغطية في 14 دوارا.',
          'Every winter she organises the blanket distribution in 14 villages.',
          'ⴽⵓ ⵜⴰⴳⵔⵙⵜ ⵜⵙⵏⵓⴷⵓⵙ ⴰⴱⵟⵟⵓ ⴳ 14 ⵏ ⵉⵖⵔⵎⴰⵏ.',
        ),
      },
      {
        id: 'karim-benali',
        name: t('Karim Benali', 'كريم بنعلي', 'Karim Benali', 'ⴽⴰⵔⵉⵎ ⴱⵏⵄⵍⵉ'),
        association: t(
          'Croissant solidaire de l’Oriental',
          'الهلال التضامني للشرق',
          'Oriental Solidarity Crescent',
          'ⴰⵖⵍⴰⵍ ⵏ ⵓⵏⴰⵎⵓ',
        ),
        city: t('Oujda', 'وجدة', 'Oujda', 'ⵡⵊⴷⴰ'),
        summary: t(
          'Secouriste bénévole, il a formé 500 jeunes aux premiers gestes.',
          'مسعف متطوع درّب خمسمائة شاب على الإسعافات الأولية.',
          'A volunteer first-aider who trained 500 young people.',
          'ⵉⵙⵙⵍⵎⴷ 500 ⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ ⵉ ⵜⵡⵓⵔⵉⵡⵉⵏ ⵜⵉⵎⵣⵡⵓⵔⴰ.',
        ),
      },
      {
        id: 'salma-el-idrissi',
        name: t('Salma El Idrissi', 'سلمى الإدريسي', 'Salma El Idrissi', 'ⵙⴰⵍⵎⴰ ⵍⵉⴷⵔⵉⵙⵉ'),
        association: t('Association Souss Lecture', 'جمعية سوس للقراءة', 'Souss Reading Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵙⵓⵙ'),
        city: t('Agadir', 'أكادير', 'Agadir', 'ⴰⴳⴰⴷⵉⵔ'),
        summary: t(
          'Elle lit des contes en tachelhit et en arabe dans les hôpitaux pour enfants.',
          'تقرأ الحكايات بالتشلحيت والعربية في مستشفيات الأطفال.',
          'She reads tales in Tashelhit and Arabic in children’s hospitals.',
          'ⵜⵖⵔⵔⴰ ⵜⵉⵏⴼⵓⵙⵉⵏ ⵙ ⵜⵛⵍⵃⵉⵜ ⴷ ⵜⵄⵔⴰⴱⵜ.',
        ),
      },
    ],
  },
  {
    id: 'initiative-of-the-year',
    motif: 'initiative',
    title: t('Initiative de l’année', 'مبادرة السنة', 'Initiative of the year', 'ⵜⴰⵏⴰⴷⴰⵎⵜ ⵏ ⵓⵙⴳⴳⵯⴰⵙ'),
    photoAlt: t(
      'Illustration : un arbre sous le soleil',
      'رسم: شجرة تحت الشمس',
      'Illustration: a tree under the sun',
      'ⴰⵙⵓⵏⵖ: ⵜⴰⵙⴳⵔⵜ ⴷ ⵜⴰⴼⵓⴽⵜ',
    ),
    finalists: [
      {
        id: 'ramadan-baskets-marrakech',
        name: t(
          'Paniers du Ramadan en circuit court',
          'قفة رمضان من المنتج إلى الأسرة',
          'Ramadan baskets straight from farmers',
          'ⵜⵉⵇⴼⴼⴰⴼⵉⵏ ⵏ ⵔⵎⴹⴰⵏ',
        ),
        association: t('Association Al Baraka', 'جمعية البركة', 'Al Baraka Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵍⴱⴰⵔⴰⴽⴰ'),
        city: t('Marrakech', 'مراكش', 'Marrakesh', 'ⵎⵕⵕⴰⴽⵛ'),
        summary: t(
          'Mille paniers achetés aux petits producteurs de la région.',
          'ألف قفة مقتناة من صغار المنتجين في الجهة.',
          'A thousand baskets bought from the region’s small farmers.',
          'ⵉⴼⴹ ⵏ ⵜⵇⴼⴼⴰⴼⵉⵏ ⵙⴳ ⵉⴼⵍⵍⴰⵃⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ.',
        ),
      },
      {
        id: 'clean-sea-safi',
        name: t('Une mer propre à Safi', 'بحر نظيف بآسفي', 'A clean sea in Safi', 'ⵉⵍⵍ ⵉⵣⴷⴷⵉⴳⵏ ⴳ ⴰⵙⴼⵉ'),
        association: t('Association Bahr Nadif', 'جمعية بحر نظيف', 'Bahr Nadif Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⴱⵃⵔ ⵏⴰⴹⵉⴼ'),
        city: t('Safi', 'آسفي', 'Safi', 'ⴰⵙⴼⵉ'),
        summary: t(
          'Douze tonnes de plastique ramassées sur les plages et recyclées.',
          'اثنا عشر طنا من البلاستيك جمعت من الشواطئ وأعيد تدويرها.',
          'Twelve tonnes of plastic collected from the beaches and recycled.',
          '12 ⵏ ⵜⵟⵟⵏⵉⵏ ⵏ ⵓⵍⴰⵙⵜⵉⴽ ⵙⴳ ⵉⵎⵓⵍⴰ ⵏ ⵢⵉⵍⵍ.',
        ),
      },
      {
        id: 'atlas-ambulance-khenifra',
        name: t(
          'L’ambulance solidaire de l’Atlas',
          'سيارة الإسعاف التضامنية للأطلس',
          'The Atlas solidarity ambulance',
          'ⵜⴰⵎⴱⵓⵍⴰⵏⵙ ⵏ ⵓⴷⵔⴰⵔ',
        ),
        association: t(
          'Association Atlas Santé',
          'جمعية الأطلس للصحة',
          'Atlas Health Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⴷⵓⵙⵉ ⵏ ⵓⴷⵔⴰⵔ',
        ),
        city: t('Khénifra', 'خنيفرة', 'Khenifra', 'ⵅⵏⵉⴼⵕⴰ'),
        summary: t(
          'Des trajets gratuits vers l’hôpital pour les villages enclavés.',
          'رحلات مجانية إلى المستشفى لفائدة القرى المعزولة.',
          'Free rides to the hospital for isolated villages.',
          'ⵉⴱⵔⵉⴷⵏ ⵉⵍⵍⴰ ⴰⵜⵉⴳ ⵖⵔ ⵓⵙⴳⵏⴼⵓ.',
        ),
      },
    ],
  },
  {
    id: 'crisis-period-initiative',
    motif: 'crisis',
    title: t(
      'Initiative en période de crise',
      'مبادرة في زمن الأزمة',
      'Crisis-period initiative',
      'ⵜⴰⵏⴰⴷⴰⵎⵜ ⴳ ⵓⵣⵎⵣ ⵏ ⵜⵡⵔⵉⵜ',
    ),
    photoAlt: t('Illustration : une tente', 'رسم: خيمة', 'Illustration: a tent', 'ⴰⵙⵓⵏⵖ: ⵜⴰⵅⵅⴰⵎⵜ'),
    finalists: [
      {
        id: 'al-haouz-tents',
        name: t(
          'Tentes et couvertures après le séisme',
          'خيام وأغطية بعد الزلزال',
          'Tents and blankets after the earthquake',
          'ⵜⵉⵅⵅⴰⵎⵉⵏ ⴷⴼⴼⵉⵔ ⵏ ⵜⵉⵎⵙⵙⴰⵙⵜ',
        ),
        association: t(
          'Association Tadamon Al Haouz',
          'جمعية التضامن الحوز',
          'Tadamon Al Haouz Association',
          'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⴰⴹⴰⵎⵓⵏ ⵍⵃⴰⵡⵣ',
        ),
        city: t('Amizmiz', 'أمزميز', 'Amizmiz', 'ⴰⵎⵣⵎⵉⵣ'),
        summary: t(
          'Huit cents familles abritées en dix jours, avec les jeunes du village.',
          'ثمانمائة أسرة آوتها في عشرة أيام بمساعدة شباب القرية.',
          'Eight hundred families sheltered in ten days, with the village’s young people.',
          '800 ⵏ ⵜⵡⵊⵉⵡⵉⵏ ⴳ ⵎⵔⴰⵡ ⵏ ⵡⵓⵙⵙⴰⵏ.',
        ),
      },
      {
        id: 'flood-kitchen-tata',
        name: t(
          'La cuisine solidaire des inondations',
          'المطبخ التضامني أيام الفيضانات',
          'The flood solidarity kitchen',
          'ⴰⵏⵡⴰⵍ ⵏ ⵓⵏⴰⵎⵓ',
        ),
        association: t('Association Al Khair', 'جمعية الخير', 'Al Khair Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵍⵅⵉⵔ'),
        city: t('Tata', 'طاطا', 'Tata', 'ⵟⴰⵟⴰ'),
        summary: t(
          'Trois mille repas par jour pendant deux semaines de crue.',
          'ثلاثة آلاف وجبة يوميا طيلة أسبوعين من الفيضان.',
          'Three thousand meals a day through two weeks of flooding.',
          'ⴽⵕⴰⴹ ⵉⴼⴹⵏ ⵏ ⵉⵎⵏⵙⵉ ⴽⵓ ⴰⵙⵙ.',
        ),
      },
      {
        id: 'temporary-schools-talat',
        name: t(
          'Les écoles provisoires de Talat N’Yacoub',
          'المدارس المؤقتة بتالات نيعقوب',
          'Talat N’Yacoub temporary schools',
          'ⵜⵉⵏⵎⵍⴰ ⵏ ⵜⴰⵍⴰⵜ ⵏ ⵢⴰⵄⵇⵓⴱ',
        ),
        association: t('Association Tifawin', 'جمعية تيفاوين', 'Tifawin Association', 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵜⵉⴼⴰⵡⵉⵏ'),
        city: t('Talat N’Yacoub', 'تالات نيعقوب', 'Talat N’Yacoub', 'ⵜⴰⵍⴰⵜ ⵏ ⵢⴰⵄⵇⵓⴱ'),
        summary: t(
          'Six salles de classe sous tente, ouvertes trois semaines après le séisme.',
          'ست حجرات دراسية تحت الخيام فتحت بعد ثلاثة أسابيع من الزلزال.',
          'Six tent classrooms, open three weeks after the earthquake.',
          'ⵚⴹⵉⵚ ⵏ ⵜⵙⵓⵔⵉⴼⵉⵏ ⴷⴷⴰⵡ ⵜⵉⵅⵅⴰⵎⵉⵏ.',
        ),
      },
    ],
  },
];

const PRIVACY: BallotCreateInput['privacy'] = {
  controller: 'Collectif Tadamon (démo)',
  contact: 'privacy@tadamon.example.org',
  purpose: t(
    'Vérifier que chaque personne vote une fois par catégorie ; l’adresse est effacée dès la confirmation ou après 48 heures.',
    'التحقق من أن كل شخص يصوت مرة واحدة في كل فئة؛ يُحذف العنوان بعد التأكيد أو بعد 48 ساعة.',
    'Checking that each person votes once per category; the address is erased once confirmed or after 48 hours.',
    'ⴰⵙⵙⵏⵜⵎ ⵏ ⵢⵉⵡⵏ ⵓⴼⵔⴰⵏ ⵉ ⴽⵓ ⴰⵎⴷⴰⵏ ⴳ ⴽⵓ ⵜⴰⴳⵔⵎⵉⵜ.',
  ),
  retentionMonths: 3,
};

function demoBallot(
  id: string,
  title: Texts,
  opensAt: number,
  closesAt: number,
  categories: SeedCategory[],
): BallotCreateInput {
  return {
    id,
    title,
    description: t(
      'Votez pour les associations et les bénévoles qui ont marqué l’année. Un vote par catégorie, confirmé par courriel.',
      'صوّتوا للجمعيات والمتطوعين الذين طبعوا السنة. صوت واحد في كل فئة، يؤكَّد عبر البريد الإلكتروني.',
      'Vote for the associations and volunteers who marked the year. One vote per category, confirmed by email.',
      'ⴼⵔⵏⴰⵜ ⵜⵉⵎⵙⵙⵓⵔⵉⵏ ⴷ ⵉⵎⵢⴰⵡⴰⵙⵏ ⵏ ⵓⵙⴳⴳⵯⴰⵙ.',
    ),
    organiser: {
      id: 'tadamon-collective',
      name: t('Collectif Tadamon', 'تجمع تضامن', 'Tadamon Collective', 'ⴰⵎⵓⵢⵢⴰⵡ ⵜⴰⴹⴰⵎⵓⵏ'),
      url: 'https://example.org/tadamon',
    },
    opensAt: new Date(opensAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    categories: categories.map((category) => ({
      id: category.id,
      title: category.title,
      finalists: category.finalists.map((finalist, index) => ({
        ...finalist,
        photoUrl: `/ballot/${category.motif}-${index + 1}.svg`,
        photoAlt: category.photoAlt,
      })),
    })),
    partners: [
      {
        id: 'akhbar-demo',
        name: t('Akhbar (démo)', 'أخبار (تجريبي)', 'Akhbar (demo)', 'ⴰⵅⴱⴰⵕ'),
        origins: DEMO_ORIGINS,
      },
      {
        id: 'atlas-radio-demo',
        name: t('Radio Atlas (démo)', 'راديو الأطلس (تجريبي)', 'Atlas Radio (demo)', 'ⵔⴰⴷⵢⵓ ⴰⴷⵔⴰⵔ'),
        origins: DEMO_ORIGINS,
      },
    ],
    organiserOrigins: DEMO_ORIGINS,
    privacy: PRIVACY,
  };
}

/** Small deterministic PRNG (mulberry32): the demo votes are the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTNERS = [null, 'akhbar-demo', 'atlas-radio-demo'];

/** Votes cast and confirmed through the same code as the API's, so counters, ledger and receipts are right. */
async function castDemoVotes(db: Kysely<Database>, ballotId: string, voters: number, from: number, seed: number) {
  const loaded = (await loadBallot(db, ballotId, from))!;
  const draw = random(seed);
  for (let n = 0; n < voters; n++) {
    const at = new Date(from + n * 3_600_000);
    const email = `demo-voter-${n + 1}@example.org`;
    // Favourites get more votes, as in a real award; some voters skip categories.
    const selections = loaded.ballot.categories
      .filter(() => draw() < 0.85)
      .map((category) => ({
        categoryId: category.id,
        finalistId: category.finalists[Math.floor(draw() ** 1.6 * category.finalists.length)].id,
      }));
    if (selections.length === 0) continue;
    let token = '';
    await db.transaction().execute((trx) =>
      insertVote(
        trx,
        loaded,
        {
          selections,
          email,
          voter: voterOf(loaded.secret, email),
          partner: PARTNERS[n % PARTNERS.length],
          locale: n % 2 ? 'ar' : 'fr',
        },
        { origin: 'seed', confirmUrl: (minted) => ((token = minted), `seed:${minted}`) },
        at,
      ),
    );
    await confirmVote(db, ballotId, token, new Date(at.getTime() + 600_000));
  }
  // The seed's own votes send no mail.
  await db.deleteFrom('mail_outbox').where('to_address', 'like', 'demo-voter-%@example.org').execute();
  await db.updateTable('ballot_votes').set({ email: null }).where('ballot_id', '=', ballotId).execute();
}

/** The demo ballots: one open now (the headline demo), one upcoming, one closed, one published with its results. */
export async function seedDemoBallots(db: Kysely<Database>, now: Date): Promise<boolean> {
  if (await loadBallot(db, DEMO_BALLOT)) return false;
  const today = now.getTime();
  const year = now.getUTCFullYear();
  const twoCategories = CATEGORIES.slice(0, 2);
  const ballots = [
    demoBallot(
      DEMO_BALLOT,
      t('Prix de la solidarité 2026', 'جوائز التضامن 2026', 'Solidarity awards 2026', 'ⵜⵉⵏⴰⴳⵉⵜⵉⵏ ⵏ ⵓⵏⴰⵎⵓ 2026'),
      today - 3 * DAY_MS,
      today + 11 * DAY_MS,
      CATEGORIES,
    ),
    demoBallot(
      'youth-awards-upcoming',
      t(
        'Prix des jeunes bénévoles',
        'جوائز المتطوعين الشباب',
        'Young volunteers awards',
        'ⵜⵉⵏⴰⴳⵉⵜⵉⵏ ⵏ ⵉⵎⵢⴰⵡⴰⵙⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ',
      ),
      today + 9 * DAY_MS,
      today + 30 * DAY_MS,
      twoCategories,
    ),
    demoBallot(
      'neighbourhood-awards-closed',
      t(
        'Prix des quartiers solidaires',
        'جوائز الأحياء المتضامنة',
        'Caring neighbourhoods awards',
        'ⵜⵉⵏⴰⴳⵉⵜⵉⵏ ⵏ ⵉⴷⵔⵔⴰⵏ',
      ),
      today - 20 * DAY_MS,
      today - 2 * DAY_MS,
      twoCategories,
    ),
    demoBallot(
      `solidarity-awards-${year - 1}`,
      t(
        `Prix de la solidarité ${year - 1}`,
        `جوائز التضامن ${year - 1}`,
        `Solidarity awards ${year - 1}`,
        `ⵜⵉⵏⴰⴳⵉⵜⵉⵏ ⵏ ⵓⵏⴰⵎⵓ ${year - 1}`,
      ),
      today - 120 * DAY_MS,
      today - 90 * DAY_MS,
      CATEGORIES,
    ),
  ];
  for (const ballot of ballots) {
    await db.transaction().execute((trx) => insertBallot(trx, ballot));
  }
  // Few votes: every test suite starts from the demo data.
  await castDemoVotes(db, DEMO_BALLOT, 8, today - 3 * DAY_MS + 3_600_000, 8);
  const published = `solidarity-awards-${year - 1}`;
  await castDemoVotes(db, published, 24, today - 120 * DAY_MS + 3_600_000, 10);
  await db
    .insertInto('ballot_offline_tallies')
    .values(
      CATEGORIES.map((category, index) => ({
        ballot_id: published,
        source: 'Fête de la solidarité, Tounfite',
        category_id: category.id,
        finalist_id: category.finalists[index % 3].id,
        votes: 120 + index * 30,
      })),
    )
    .execute();
  await db
    .updateTable('ballots')
    .set({ published_at: new Date(today - 85 * DAY_MS) })
    .where('id', '=', published)
    .execute();
  return true;
}
