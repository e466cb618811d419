//! One uniform view of a schema. `openapiv3` spreads the same keywords over `Type`,
//! `AnySchema`, `OneOf`, ...; the resolver reads them all through [`Flat`] instead.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

#[derive(Default)]
pub struct Flat<'s> {
    pub typ: Option<&'s str>,
    pub format: Option<&'s str>,
    pub pattern: Option<&'s str>,
    pub enumeration: Vec<serde_json::Value>,
    pub properties: Vec<(&'s str, SchemaRef<'s>)>,
    pub required: Vec<&'s str>,
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<SchemaRef<'s>>,
    pub one_of: Vec<SchemaRef<'s>>,
    pub all_of: Vec<SchemaRef<'s>>,
    pub any_of: Vec<SchemaRef<'s>>,
    pub has_not: bool,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
}

fn string_format(f: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn number_format(f: &VariantOrUnknownOrEmpty<NumberFormat>) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
        VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integer_format(f: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub fn flatten(schema: &Schema) -> Flat<'_> {
    let mut f = Flat::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            f.typ = Some("string");
            f.format = string_format(&t.format);
            f.pattern = t.pattern.as_deref();
            f.enumeration = t
                .enumeration
                .iter()
                .flatten()
                .map(|s| s.clone().into())
                .collect();
            f.min_length = t.min_length;
            f.max_length = t.max_length;
        }
        SchemaKind::Type(Type::Number(t)) => {
            f.typ = Some("number");
            f.format = number_format(&t.format);
            f.minimum = t.minimum;
            f.maximum = t.maximum;
            f.exclusive_minimum = t.exclusive_minimum;
            f.exclusive_maximum = t.exclusive_maximum;
            f.enumeration = t
                .enumeration
                .iter()
                .flatten()
                .map(|n| (*n).into())
                .collect();
        }
        SchemaKind::Type(Type::Integer(t)) => {
            f.typ = Some("integer");
            f.format = integer_format(&t.format);
            f.minimum = t.minimum.map(|n| n as f64);
            f.maximum = t.maximum.map(|n| n as f64);
            f.exclusive_minimum = t.exclusive_minimum;
            f.exclusive_maximum = t.exclusive_maximum;
            f.enumeration = t
                .enumeration
                .iter()
                .flatten()
                .map(|n| (*n).into())
                .collect();
        }
        SchemaKind::Type(Type::Boolean(_)) => f.typ = Some("boolean"),
        SchemaKind::Type(Type::Object(t)) => {
            f.typ = Some("object");
            f.properties = t
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), v.into()))
                .collect();
            f.required = t.required.iter().map(String::as_str).collect();
            f.additional = t.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(t)) => {
            f.typ = Some("array");
            f.items = t.items.as_ref().map(Into::into);
            f.min_items = t.min_items;
            f.max_items = t.max_items;
            f.unique_items = t.unique_items;
        }
        SchemaKind::OneOf { one_of } => f.one_of = one_of.iter().map(Into::into).collect(),
        SchemaKind::AllOf { all_of } => f.all_of = all_of.iter().map(Into::into).collect(),
        SchemaKind::AnyOf { any_of } => f.any_of = any_of.iter().map(Into::into).collect(),
        SchemaKind::Not { .. } => f.has_not = true,
        SchemaKind::Any(a) => {
            f.typ = a.typ.as_deref();
            f.format = a.format.as_deref();
            f.pattern = a.pattern.as_deref();
            f.enumeration = a.enumeration.clone();
            f.properties = a
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), v.into()))
                .collect();
            f.required = a.required.iter().map(String::as_str).collect();
            f.additional = a.additional_properties.as_ref();
            f.items = a.items.as_ref().map(Into::into);
            f.one_of = a.one_of.iter().map(Into::into).collect();
            f.all_of = a.all_of.iter().map(Into::into).collect();
            f.any_of = a.any_of.iter().map(Into::into).collect();
            f.has_not = a.not.is_some();
            f.minimum = a.minimum;
            f.maximum = a.maximum;
            f.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
            f.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
            f.min_length = a.min_length;
            f.max_length = a.max_length;
            f.min_items = a.min_items;
            f.max_items = a.max_items;
            f.unique_items = a.unique_items.unwrap_or(false);
        }
    }
    f
}

impl Flat<'_> {
    pub fn is_object_like(&self) -> bool {
        self.typ == Some("object") || (self.typ.is_none() && !self.properties.is_empty())
    }
}

/// Whether a schema says nothing but `description`/`title`-like annotations.
pub fn is_annotation_only(data: &SchemaData, flat: &Flat<'_>) -> bool {
    data.discriminator.is_none()
        && flat.typ.is_none()
        && flat.properties.is_empty()
        && flat.items.is_none()
        && flat.one_of.is_empty()
        && flat.all_of.is_empty()
        && flat.any_of.is_empty()
        && flat.enumeration.is_empty()
}
