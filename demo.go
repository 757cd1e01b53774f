package main

import (
	"context"
	"time"

	"ewsconnect/exchange"
	"ewsconnect/exchange/exchangesim"
)

// demoServer is the simulated Exchange server run in-process for --demo.
type demoServer struct{ *exchangesim.Server }

func startDemo() (*demoServer, error) {
	s, err := exchangesim.Start(exchangesim.Options{})
	if err != nil {
		return nil, err
	}
	return &demoServer{s}, nil
}

// network reaches the demo through the same mechanisms a user has
// (--resolve and a trusted CA), so every check runs for real: the demo
// host names work without a port (the mapping names the demo's port for
// 443 and, for autodiscover's HTTP redirect method, 80 alike), names it
// does not map go to the demo's resolver (never real DNS), and the demo CA
// is the only root trusted. The user's own --connect-to rules still apply.
func (d *demoServer) network(timeout time.Duration, userRules []exchange.ConnectTo) exchange.Network {
	return exchange.Network{
		Resolve:   d.Resolve(),
		Resolver:  d.Resolver(),
		RootCAs:   d.CAPool(),
		Timeout:   timeout,
		ConnectTo: userRules,
	}
}

// runDemoServer is `ewsconnect demo-server`; it parses its own flags.
// Its language is chosen as every command's (an unknown --lang is its
// own usage error, said in the environment's language).
func runDemoServer(ctx context.Context, args []string, c console) int {
	lang, _ := c.language(args)
	return exchangesim.ServeCommandIn(ctx, lang, args, c.out, c.err)
}
