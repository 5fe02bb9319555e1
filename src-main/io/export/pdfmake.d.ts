// The part of pdfmake 0.3's Node API the PDF export uses (the package ships no types).
declare module 'pdfmake' {
  interface PdfOutputDocument { getBuffer(): Promise<Buffer>; write(file: string): Promise<void> }
  interface PdfMakeStatic {
    setFonts(fonts: Record<string, Record<string, string | [string, string]>>): void;
    setUrlAccessPolicy(cb: (url: string) => boolean): void;
    setLocalAccessPolicy(cb: (path: string) => boolean): void;
    setProgressCallback(cb?: (progress: number) => void): void;
    createPdf(doc: object, options?: object): PdfOutputDocument;
  }
  const pdfmake: PdfMakeStatic;
  export default pdfmake;
}
