// The built-in digits: a separate entry, so that bundles which do not use them do not carry their 1.6 MB.
export { loadDigits, loadDigitsSplit, BUILT_IN_DIGIT_COUNT, BUILT_IN_DIGITS_SPLIT } from './digits/built-in-digits';
