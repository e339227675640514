// Lists of a GraphQL enum's values. The generated types are string unions (no run-time list), so
// these lists are written out; `allOf<T>()(...)` makes the compiler refuse a list that misses a
// value of the union, so a value added to the schema fails `npm run typecheck` until it is
// listed (and, through the i18n test, labelled in both languages).

type Missing<T, L extends readonly unknown[]> = Exclude<T, L[number]>

/** `allOf<Channel>()('WECHAT_JSAPI', …)`: every value of `T`, in the order given. */
export function allOf<T extends string>() {
  return <const L extends readonly T[]>(
    ...values: L & ([Missing<T, L>] extends [never] ? unknown : { missing: Missing<T, L> })
  ): readonly T[] => values
}
