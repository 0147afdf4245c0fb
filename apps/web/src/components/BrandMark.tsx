/** The product's mark; drawn inline so it needs no extra request. */
export function BrandMark({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#1c252e" />
      <path d="M9 9h7a7 7 0 0 1 0 14H9z" fill="none" stroke="#3aa0ff" strokeWidth="3" />
      <circle cx="23" cy="9" r="3" fill="#2fbf71" />
    </svg>
  );
}
