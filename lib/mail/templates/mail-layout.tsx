// The frame of every email: the business's name on top, one column that reads on a phone, a footer.
import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const body = {
  backgroundColor: "#f1f5f9",
  fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  margin: 0,
  padding: "16px 0",
};
const card = { backgroundColor: "#ffffff", borderRadius: "8px", maxWidth: "560px", margin: "0 auto", padding: "24px" };
export const paragraph = { fontSize: "16px", lineHeight: "24px", color: "#0f172a", margin: "0 0 16px" };
export const button = {
  backgroundColor: "#0f172a",
  borderRadius: "6px",
  color: "#ffffff",
  fontSize: "16px",
  padding: "12px 20px",
  textDecoration: "none",
  display: "inline-block",
};
const small = { fontSize: "13px", lineHeight: "20px", color: "#475569", margin: "0 0 8px" };

export function MailLayout(props: {
  businessName: string;
  preview: string;
  title: string;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={card}>
          <Text style={{ ...small, fontWeight: 600, color: "#0f172a" }}>{props.businessName}</Text>
          <Heading as="h1" style={{ fontSize: "22px", lineHeight: "30px", margin: "0 0 16px", color: "#0f172a" }}>
            {props.title}
          </Heading>
          {props.children}
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0 16px" }} />
          <Section>{props.footer}</Section>
        </Container>
      </Body>
    </Html>
  );
}

export function FooterText(props: { children: ReactNode }) {
  return <Text style={small}>{props.children}</Text>;
}
