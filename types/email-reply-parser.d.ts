// The package ships no types; this is the part of its API the inbound mail code uses.
declare module 'email-reply-parser' {
  export default class EmailReplyParser {
    parseReply(text: string): string;
    parseReplied(text: string): string;
  }
}
