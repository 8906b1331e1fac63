import { Type, type Static } from 'typebox';
import { CurrencyCode, LocalizedText, ResourceId } from './common.js';

/** The 12 regions of Morocco (2015 division), in the order the taxonomy lists them. */
export const REGION_IDS = [
  'tanger-tetouan-al-hoceima',
  'oriental',
  'fes-meknes',
  'rabat-sale-kenitra',
  'beni-mellal-khenifra',
  'casablanca-settat',
  'marrakech-safi',
  'draa-tafilalet',
  'souss-massa',
  'guelmim-oued-noun',
  'laayoune-sakia-el-hamra',
  'dakhla-oued-ed-dahab',
] as const;

export const ProjectSize = Type.Union([Type.Literal('small'), Type.Literal('medium'), Type.Literal('large')]);
export type ProjectSize = Static<typeof ProjectSize>;

export const ProjectProperties = Type.Object({
  id: ResourceId,
  name: LocalizedText,
  association: Type.Object({ id: ResourceId, name: LocalizedText }),
  /** A field of activity id (`GET /taxonomy`). */
  field: ResourceId,
  /** A region id (`GET /taxonomy`). */
  region: ResourceId,
  city: LocalizedText,
  size: ProjectSize,
  summary: Type.Optional(LocalizedText),
  url: Type.Optional(Type.String({ format: 'uri' })),
  campaignId: Type.Optional(ResourceId),
  /** From the project's donation campaign, when it has one (minor units). */
  progress: Type.Optional(
    Type.Object({ raised: Type.Integer({ minimum: 0 }), goal: Type.Integer({ minimum: 0 }), currency: CurrencyCode }),
  ),
});
export type ProjectProperties = Static<typeof ProjectProperties>;

/** `[lng, lat]`, as GeoJSON orders them. */
const Point = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
});

export const ProjectFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Point,
  properties: ProjectProperties,
});
export type ProjectFeature = Static<typeof ProjectFeature>;

export const ProjectCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(ProjectFeature),
    /** Every project matching the filters, whatever `limit` returned. */
    total: Type.Integer({ minimum: 0 }),
  },
  { $id: 'ProjectCollection' },
);
export type ProjectCollection = Static<typeof ProjectCollection>;

export const ClusterFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Point,
  properties: Type.Object({
    cluster: Type.Literal(true),
    clusterId: Type.Integer({ minimum: 0 }),
    count: Type.Integer({ minimum: 2 }),
    /** The zoom at which the cluster splits. */
    expansionZoom: Type.Integer({ minimum: 0, maximum: 24 }),
  }),
});
export type ClusterFeature = Static<typeof ClusterFeature>;

export const ClusterCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Union([ClusterFeature, ProjectFeature])),
  },
  { $id: 'ClusterCollection' },
);
export type ClusterCollection = Static<typeof ClusterCollection>;

const TaxonomyEntry = Type.Object({ id: ResourceId, label: LocalizedText });

export const Taxonomy = Type.Object(
  { fields: Type.Array(TaxonomyEntry), regions: Type.Array(TaxonomyEntry), sizes: Type.Array(TaxonomyEntry) },
  { $id: 'Taxonomy' },
);
export type Taxonomy = Static<typeof Taxonomy>;

/** The filters of `GET /projects` and `GET /projects/clusters`, as the widget holds them. */
export interface ProjectFilters {
  field?: string[];
  region?: string[];
  size?: ProjectSize[];
  q?: string;
}

// ——— Admin ———

export const ProjectInput = Type.Object(
  {
    id: ResourceId,
    name: LocalizedText,
    association: Type.Object({ id: ResourceId, name: LocalizedText }, { additionalProperties: false }),
    field: ResourceId,
    region: ResourceId,
    city: LocalizedText,
    size: ProjectSize,
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    summary: Type.Optional(LocalizedText),
    url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
    campaignId: Type.Optional(ResourceId),
  },
  { additionalProperties: false },
);
export type ProjectInput = Static<typeof ProjectInput>;

export const ProjectPatchInput = Type.Partial(Type.Omit(ProjectInput, ['id']), {
  additionalProperties: false,
  minProperties: 1,
});
export type ProjectPatchInput = Static<typeof ProjectPatchInput>;

/** Answer of `POST /admin/projects/import` (all rows or none). */
export const ProjectImportResult = Type.Object(
  { imported: Type.Integer({ minimum: 0 }) },
  { $id: 'ProjectImportResult' },
);
export type ProjectImportResult = Static<typeof ProjectImportResult>;
